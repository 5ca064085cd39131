import { BSON } from 'bson';
import { mongoError } from '../errors';
import type { WriteBatch } from '../engine/collection';
import { compileFilter } from '../engine/matcher';
import type { Doc } from '../engine/values';
import { cursorReply, optBool, optDoc, reqString, targetCollection } from './args';
import type { CommandHandler, ServerContext } from './context';

/** Collection options the embedded server does not enforce: refused rather than silently ignored. */
const UNSUPPORTED_CREATE_OPTIONS = [
  'capped',
  'validator',
  'timeseries',
  'clusteredIndex',
  'viewOn',
  'pipeline',
  'changeStreamPreAndPostImages',
  'encryptedFields',
  'storageEngine',
  'size',
  'max',
];

function dataSize(server: ServerContext, db: string, name?: string): { count: number; size: number } {
  let count = 0;
  let size = 0;
  for (const c of server.catalog.collections(db)) {
    if (name !== undefined && c.name !== name) continue;
    for (const doc of c.docs.values()) {
      count++;
      size += BSON.calculateObjectSize(doc);
    }
  }
  return { count, size };
}

const listDatabases: CommandHandler = ({ cmd }, server) => {
  const nameOnly = optBool(cmd, 'nameOnly') ?? false;
  const filter = optDoc(cmd, 'filter');
  let databases: Doc[] = server.catalog
    .databaseNames()
    .map((name) => (nameOnly ? { name } : { name, sizeOnDisk: dataSize(server, name).size, empty: false }));
  if (filter) databases = databases.filter(compileFilter(filter));
  const totalSize = nameOnly ? undefined : databases.reduce((s, d) => s + (d.sizeOnDisk as number), 0);
  return {
    databases,
    ...(totalSize === undefined ? {} : { totalSize, totalSizeMb: Math.round(totalSize / 2 ** 20) }),
    ok: 1,
  };
};

const listCollections: CommandHandler = ({ db, cmd }, server) => {
  const nameOnly = optBool(cmd, 'nameOnly') ?? false;
  const filter = optDoc(cmd, 'filter');
  let infos: Doc[] = server.catalog.collections(db).map((c) => ({
    name: c.name,
    type: 'collection',
    options: c.options,
    info: { readOnly: false },
    idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
  }));
  if (filter) infos = infos.filter(compileFilter(filter));
  if (nameOnly) infos = infos.map((i) => ({ name: i.name, type: i.type }));
  const batch = server.cursors.open(`${db}.$cmd.listCollections`, infos, {});
  return cursorReply(`${db}.$cmd.listCollections`, batch.id, batch.docs, 'firstBatch');
};

const create: CommandHandler = async ({ db, cmd }, server) => {
  const name = targetCollection(cmd);
  const options: Doc = {};
  for (const [k, v] of Object.entries(cmd)) {
    if (
      k === 'create' ||
      k.startsWith('$') ||
      ['lsid', 'writeConcern', 'comment', 'txnNumber', 'autocommit'].includes(k)
    )
      continue;
    if (UNSUPPORTED_CREATE_OPTIONS.includes(k))
      throw mongoError(
        'InvalidOptions',
        `create: the option '${k}' is not supported by the embedded MongoDB-compatible server`,
      );
    options[k] = v;
  }
  const batch: WriteBatch = [];
  server.catalog.create(db, name, options, batch);
  await server.commit(batch);
  return { ok: 1 };
};

const drop: CommandHandler = async ({ db, cmd }, server) => {
  const name = targetCollection(cmd);
  const coll = server.catalog.get(db, name);
  // Since MongoDB 7.0, dropping a collection that does not exist succeeds.
  if (!coll) return { ok: 1 };
  const nIndexesWas = coll.indexes.length;
  const batch: WriteBatch = [];
  server.catalog.drop(db, name, batch);
  await server.commit(batch);
  return { nIndexesWas, ns: `${db}.${name}`, ok: 1 };
};

const dropDatabase: CommandHandler = async ({ db }, server) => {
  const batch: WriteBatch = [];
  server.catalog.dropDatabase(db, batch);
  await server.commit(batch);
  return { dropped: db, ok: 1 };
};

function splitNs(ns: string): [string, string] {
  const dot = ns.indexOf('.');
  if (dot <= 0 || dot === ns.length - 1) throw mongoError('InvalidNamespace', `Invalid namespace specified '${ns}'`);
  return [ns.slice(0, dot), ns.slice(dot + 1)];
}

const renameCollection: CommandHandler = async ({ db, cmd }, server) => {
  if (db !== 'admin') throw mongoError('Unauthorized', 'renameCollection may only be run against the admin database.');
  const [fromDb, from] = splitNs(reqString(cmd, 'renameCollection'));
  const [toDb, to] = splitNs(reqString(cmd, 'to'));
  const batch: WriteBatch = [];
  server.catalog.rename(fromDb, from, toDb, to, optBool(cmd, 'dropTarget') ?? false, batch);
  await server.commit(batch);
  return { ok: 1 };
};

const collStats: CommandHandler = ({ db, cmd }, server) => {
  const name = targetCollection(cmd);
  const coll = server.catalog.get(db, name);
  if (!coll) throw mongoError('NamespaceNotFound', `Collection [${db}.${name}] not found.`);
  const { count, size } = dataSize(server, db, name);
  return {
    ns: coll.ns,
    count,
    size,
    avgObjSize: count ? Math.round(size / count) : 0,
    storageSize: size,
    nindexes: coll.indexes.length,
    totalIndexSize: 0,
    indexSizes: Object.fromEntries(coll.indexes.map((i) => [i.spec.name, 0])),
    ok: 1,
  };
};

const dbStats: CommandHandler = ({ db }, server) => {
  const { count, size } = dataSize(server, db);
  const colls = server.catalog.collections(db);
  return {
    db,
    collections: colls.length,
    views: 0,
    objects: count,
    avgObjSize: count ? size / count : 0,
    dataSize: size,
    storageSize: size,
    indexes: colls.reduce((n, c) => n + c.indexes.length, 0),
    indexSize: 0,
    ok: 1,
  };
};

export const namespaceCommands: Record<string, CommandHandler> = {
  listDatabases,
  listCollections,
  create,
  drop,
  dropDatabase,
  renameCollection,
  collStats,
  dbStats,
};
