import { mongoError } from '../errors';
import type { Collection, WriteBatch } from '../engine/collection';
import { compareValues } from '../engine/compare';
import type { IndexSpec } from '../engine/index-spec';
import { type Doc, isPlainObject } from '../engine/values';
import { cursorReply, docArray, targetCollection } from './args';
import type { CommandHandler } from './context';

const INDEX_OPTIONS = [
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'collation',
  'background',
  'hidden',
];

/** Options that change what an index does; two specs that differ here are different indexes. */
const semantics = (s: IndexSpec) => ({
  unique: !!s.unique,
  sparse: !!s.sparse,
  partialFilterExpression: s.partialFilterExpression ?? null,
  expireAfterSeconds: s.expireAfterSeconds ?? null,
  collation: s.collation ?? null,
});

function defaultName(key: Doc): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');
}

function toSpec(raw: Doc): IndexSpec {
  if (!isPlainObject(raw.key) || !Object.keys(raw.key).length)
    throw mongoError('FailedToParse', "The 'key' field is a required property of an index specification");
  const spec: IndexSpec = {
    v: 2,
    key: raw.key as IndexSpec['key'],
    name: typeof raw.name === 'string' ? raw.name : defaultName(raw.key),
  };
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'key' || k === 'name' || k === 'v' || k === 'ns') continue;
    if (!INDEX_OPTIONS.includes(k))
      throw mongoError(
        'InvalidIndexSpecificationOption',
        `The field '${k}' is not valid for an index specification. Specification: ${JSON.stringify(raw)}`,
      );
    if (k === 'background' || k === 'hidden') continue; // background is a no-op since 4.2; hidden is not offered
    (spec as unknown as Doc)[k] = v;
  }
  if (spec.expireAfterSeconds !== undefined && Object.keys(spec.key).length !== 1)
    throw mongoError('CannotCreateIndex', 'TTL indexes are single-field indexes, compound indexes do not support TTL');
  return spec;
}

const createIndexes: CommandHandler = async ({ db, cmd }, server) => {
  const name = targetCollection(cmd);
  const specs = docArray(cmd, 'indexes').map(toSpec);
  if (!specs.length) throw mongoError('BadValue', 'Must specify at least one index to create');
  const batch: WriteBatch = [];
  const { coll, created } = server.catalog.getOrCreate(db, name, batch);
  const before = coll.indexes.length;
  try {
    addIndexes(coll, specs, batch);
  } catch (e) {
    // All or nothing, as mongod: the indexes built before the failing one go too (a new collection stays).
    coll.discardIndexesAfter(before);
    await server.commit(batch.filter((r) => r.op !== 'createIndex'));
    throw e;
  }
  await server.commit(batch);
  const after = coll.indexes.length;
  return {
    createdCollectionAutomatically: created,
    numIndexesBefore: before,
    numIndexesAfter: after,
    ...(after === before ? { note: 'all indexes already exist' } : {}),
    ok: 1,
  };
};

/** Builds the specs that do not exist yet; an existing index with the same name or key must be the same. */
function addIndexes(coll: Collection, specs: IndexSpec[], batch: WriteBatch): void {
  for (const spec of specs) {
    const sameName = coll.findIndex(spec.name);
    const sameKey = coll.indexes.find(
      (i) => compareValues(i.spec.key, spec.key) === 0 && compareValues(semantics(i.spec), semantics(spec)) === 0,
    );
    if (sameName) {
      if (compareValues(sameName.spec.key, spec.key) !== 0)
        throw mongoError(
          'IndexKeySpecsConflict',
          `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName.spec)}`,
        );
      if (compareValues(semantics(sameName.spec), semantics(spec)) !== 0)
        throw mongoError(
          'IndexOptionsConflict',
          `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName.spec)}`,
        );
      continue;
    }
    if (sameKey) continue;
    const sameKeyOtherOptions = coll.indexes.find((i) => compareValues(i.spec.key, spec.key) === 0);
    if (sameKeyOtherOptions)
      throw mongoError(
        'IndexOptionsConflict',
        `An equivalent index already exists with a different name and options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameKeyOtherOptions.spec)}`,
      );
    coll.addIndex(spec, batch);
  }
}

const listIndexes: CommandHandler = ({ db, cmd }, server) => {
  const name = targetCollection(cmd);
  const coll = server.catalog.get(db, name);
  if (!coll) throw mongoError('NamespaceNotFound', `ns does not exist: ${db}.${name}`);
  const batch = server.cursors.open(`${db}.${name}`, coll.specs as unknown as Doc[], {});
  return cursorReply(`${db}.${name}`, batch.id, batch.docs, 'firstBatch');
};

const dropIndexes: CommandHandler = async ({ db, cmd }, server) => {
  const name = targetCollection(cmd);
  const coll = server.catalog.get(db, name);
  if (!coll) throw mongoError('NamespaceNotFound', `ns not found ${db}.${name}`);
  const nIndexesWas = coll.indexes.length;
  const which = cmd.index;
  let names: string[];
  if (which === '*') names = coll.indexes.slice(1).map((i) => i.spec.name);
  else if (typeof which === 'string') names = [which];
  else if (Array.isArray(which)) names = which.map(String);
  else if (isPlainObject(which)) {
    const found = coll.indexes.find((i) => compareValues(i.spec.key, which) === 0);
    if (!found) throw mongoError('IndexNotFound', `can't find index with key: ${JSON.stringify(which)}`);
    names = [found.spec.name];
  } else throw mongoError('TypeMismatch', "BSON field 'dropIndexes.index' is the wrong type");
  if (names.includes('_id_')) throw mongoError('InvalidOptions', 'cannot drop _id index');
  for (const n of names) if (!coll.findIndex(n)) throw mongoError('IndexNotFound', `index not found with name [${n}]`);
  const batch: WriteBatch = [];
  for (const n of names) coll.dropIndex(n, batch);
  await server.commit(batch);
  return { nIndexesWas, ok: 1 };
};

export const indexCommands: Record<string, CommandHandler> = {
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};
