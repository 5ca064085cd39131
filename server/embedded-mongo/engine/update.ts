import { Buffer } from 'node:buffer';
import { mongoError } from '../errors';
import { bsonTypeName } from './bson-types';
import { valuesEqual } from './compare';
import { formatValue } from './format';
import { compileFilter, firstArrayMatchIndex } from './matcher';
import { isOperatorDocument } from './matcher-operators';
import { ARRAY_UPDATE_OPERATORS } from './update-array-operators';
import { FIELD_UPDATE_OPERATORS, type UpdateOperator } from './update-operators';
import {
  arrayFilterIdentifier,
  comparePaths,
  deepCopy,
  expandPositional,
  makeSlot,
  parseUpdatePath,
  PathConflicts,
  setChild,
  setField,
  type PositionalResolver,
} from './update-paths';
import { applyPipeline, validatePipeline } from './update-pipeline';
import { encodeDocument, isPlainObject, type Doc } from './values';

/**
 * Updates as MongoDB applies them: operator documents, replacement documents and pipelines. Input
 * documents are never modified: an update works on a copy and returns it (or the input itself when
 * nothing changed, so `modified` is MongoDB's nModified).
 */

const OPERATORS: Record<string, UpdateOperator> = { ...FIELD_UPDATE_OPERATORS, ...ARRAY_UPDATE_OPERATORS };

interface Entry {
  op: string;
  path: string;
  parts: string[];
  prepared: unknown;
}

interface ParsedUpdate {
  entries: Entry[];
  identifiers: Set<string>;
}

/** Parsed operator updates, reused when one update applies to many documents. */
const parsedUpdates = new WeakMap<Doc, ParsedUpdate>();

function parseOperators(update: Doc): ParsedUpdate {
  const cached = parsedUpdates.get(update);
  if (cached) return cached;
  const entries: Entry[] = [];
  const identifiers = new Set<string>();
  const conflicts = new PathConflicts((path, at) =>
    mongoError('ConflictingUpdateOperators', `Updating the path '${path}' would create a conflict at '${at}'`),
  );
  for (const [op, fields] of Object.entries(update)) {
    const operator = OPERATORS[op];
    if (!operator) {
      throw mongoError(
        'FailedToParse',
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(fields)) {
      throw mongoError(
        'FailedToParse',
        `Modifiers operate on fields but we found type ${bsonTypeName(fields)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${formatValue(fields)}}`,
      );
    }
    for (const [path, operand] of Object.entries(fields)) {
      const parts = parseUpdatePath(path);
      const prepared = operator.prepare ? operator.prepare(operand, path) : operand;
      conflicts.add(parts);
      if (op === '$rename') conflicts.add(prepared as string[]);
      for (const part of parts) {
        const id = arrayFilterIdentifier(part);
        if (id !== undefined) identifiers.add(id);
      }
      entries.push({ op, path, parts, prepared });
    }
  }
  const parsed = { entries, identifiers };
  parsedUpdates.set(update, parsed);
  return parsed;
}

function validateReplacement(replacement: Doc): void {
  for (const key of Object.keys(replacement)) {
    if (key.startsWith('$')) {
      throw mongoError(
        'DollarPrefixedFieldName',
        `The dollar ($) prefixed field '${key}' in '${key}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
      );
    }
  }
}

/** Classifies an update and checks it as mongod does before touching any document. */
export function validateUpdate(update: Doc | Doc[]): 'operators' | 'replacement' | 'pipeline' {
  if (Array.isArray(update)) {
    validatePipeline(update);
    return 'pipeline';
  }
  if (!isPlainObject(update)) throw mongoError('FailedToParse', 'Update argument must be either an object or an array');
  const first = Object.keys(update)[0];
  if (first === undefined || !first.startsWith('$')) {
    validateReplacement(update);
    return 'replacement';
  }
  parseOperators(update);
  return 'operators';
}

const sameDocument = (a: Doc, b: Doc): boolean => Buffer.from(encodeDocument(a)).equals(encodeDocument(b));

/** A document with `_id` moved to the front, where MongoDB keeps it. */
function idFirst(doc: Doc): Doc {
  if (doc._id === undefined || Object.keys(doc)[0] === '_id') return doc;
  const out: Doc = { _id: doc._id };
  for (const [k, v] of Object.entries(doc)) if (k !== '_id') setField(out, k, v);
  return out;
}

const alteredId = (id: unknown) =>
  mongoError(
    'ImmutableField',
    `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(id)}`,
  );

/** A replacement keeps the document's `_id` (first); naming another `_id` is refused. */
export function applyReplacement(doc: Doc, replacement: Doc): Doc {
  validateReplacement(replacement);
  if (doc._id !== undefined && replacement._id !== undefined && !valuesEqual(doc._id, replacement._id))
    throw alteredId(replacement._id);
  const out: Doc = {};
  const id = doc._id !== undefined ? doc._id : replacement._id;
  if (id !== undefined) out._id = id;
  for (const [k, v] of Object.entries(replacement)) if (k !== '_id') setField(out, k, deepCopy(v));
  return out;
}

/** The array filters by identifier, checked as mongod does against the identifiers the update uses. */
function arrayFilterTests(filters: Doc[], used: Set<string>, update: Doc): Map<string, (element: unknown) => boolean> {
  const tests = new Map<string, (element: unknown) => boolean>();
  for (const filter of filters) {
    const ids = new Set(Object.keys(filter).map((k) => k.split('.')[0]!));
    if (ids.size === 0)
      throw mongoError('FailedToParse', 'Cannot use an expression without a top-level field name in arrayFilters');
    if (ids.size > 1)
      throw mongoError(
        'FailedToParse',
        `Error parsing array filter :: caused by :: Expected a single top-level field name, found '${[...ids].join("' and '")}'`,
      );
    const id = [...ids][0]!;
    if (!/^[a-z][a-zA-Z0-9]*$/.test(id)) {
      throw mongoError(
        'BadValue',
        `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${id}'`,
      );
    }
    if (tests.has(id))
      throw mongoError('FailedToParse', `Found multiple array filters with the same top-level field name ${id}`);
    const p = compileFilter(filter);
    tests.set(id, (element) => p({ [id]: element }));
  }
  for (const id of tests.keys()) {
    if (!used.has(id))
      throw mongoError(
        'FailedToParse',
        `The array filter for identifier '${id}' was not used in the update ${formatValue(update)}`,
      );
  }
  return tests;
}

export interface UpdateOptions {
  /** The query that selected the document (for the positional `$`). */
  filter: Doc;
  arrayFilters?: Doc[];
  /** True when an upsert inserts this document: `$setOnInsert` applies. */
  isUpsertInsert?: boolean;
  now?: Date;
}

function applyOperators(doc: Doc, update: Doc, opts: UpdateOptions): Doc {
  const { entries, identifiers } = parseOperators(update);
  const filters = arrayFilterTests(opts.arrayFilters ?? [], identifiers, update);
  const work = deepCopy(doc);
  const resolver: PositionalResolver = {
    positionalIndex(prefix) {
      const index = firstArrayMatchIndex(opts.filter, doc, prefix.join('.'));
      if (index === undefined)
        throw mongoError('BadValue', 'The positional operator did not find the match needed from the query.');
      return index;
    },
    arrayFilter(id) {
      const test = filters.get(id);
      if (!test)
        throw mongoError(
          'BadValue',
          `No array filter found for identifier '${id}' in path '${entries.find((e) => e.parts.includes(`$[${id}]`))?.path}'`,
        );
      return test;
    },
  };
  // Positional paths expand against the document as it was; the concrete paths must not overlap either.
  const targets: Array<{ entry: Entry; parts: string[] }> = [];
  const conflicts = new PathConflicts((_path, at) =>
    mongoError('ConflictingUpdateOperators', `Update created a conflict at '${at}'`),
  );
  for (const entry of entries) {
    if (entry.op === '$setOnInsert' && !opts.isUpsertInsert) continue;
    for (const parts of expandPositional(work, entry.parts, resolver)) {
      conflicts.add(parts);
      if (entry.op === '$rename') conflicts.add(entry.prepared as string[]);
      targets.push({ entry, parts });
    }
  }
  targets.sort((a, b) => comparePaths(a.parts, b.parts));
  const ctx = { doc: work, original: doc, now: opts.now ?? new Date() };
  for (const { entry, parts } of targets) OPERATORS[entry.op]!.apply(ctx, parts, entry.prepared);

  if (doc._id !== undefined) {
    const touched = entries.find(
      (e) => e.parts[0] === '_id' || (e.op === '$rename' && (e.prepared as string[])[0] === '_id'),
    );
    if (touched && (work._id === undefined || !valuesEqual(work._id, doc._id))) {
      throw mongoError(
        'ImmutableField',
        `Performing an update on the path '${touched.path}' would modify the immutable field '_id'`,
      );
    }
  }
  return opts.isUpsertInsert ? idFirst(work) : work;
}

/** A pipeline's result keeps the document's `_id`, first; changing it is refused. */
function keepId(doc: Doc, result: Doc): Doc {
  if (doc._id === undefined) return idFirst(result);
  if (result._id !== undefined && !valuesEqual(result._id, doc._id)) throw alteredId(result._id);
  return idFirst({ ...result, _id: doc._id });
}

/**
 * Applies an update to a document. `modified` is false when the result is byte-for-byte the input
 * (then `doc` is the input object itself).
 */
export function applyUpdate(doc: Doc, update: Doc | Doc[], opts: UpdateOptions): { doc: Doc; modified: boolean } {
  const kind = validateUpdate(update);
  let next: Doc;
  if (kind === 'pipeline') next = keepId(doc, applyPipeline(doc, update as Doc[]));
  else if (kind === 'replacement') next = applyReplacement(doc, update as Doc);
  else next = applyOperators(doc, update as Doc, opts);
  return sameDocument(doc, next) ? { doc, modified: false } : { doc: next, modified: true };
}

type Equality = [path: string, value: unknown];

/** The equality conditions of a filter: `a: v`, `a: { $eq: v }`, and those under `$and`. */
function equalities(filter: Doc, out: Equality[] = []): Equality[] {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const clause of value) if (isPlainObject(clause)) equalities(clause, out);
    } else if (key.startsWith('$') || value instanceof RegExp) {
      continue;
    } else if (isOperatorDocument(value)) {
      if (Object.hasOwn(value, '$eq')) out.push([key, value.$eq]);
    } else {
      out.push([key, value]);
    }
  }
  return out;
}

/**
 * The document an upsert starts from: the filter's equality conditions, dotted paths expanded into
 * subdocuments, `_id` first. Two conditions on one path, or on a path and its prefix, are refused as
 * mongod refuses them.
 */
export function upsertSeed(filter: Doc): Doc {
  const seed: Doc = {};
  const conflicts = new PathConflicts((path, at) =>
    mongoError(
      'NotSingleValueField',
      path === at
        ? `cannot infer query fields to set, path '${path}' is matched twice`
        : `cannot infer query fields to set, both paths '${path}' and '${at}' are matched`,
    ),
  );
  for (const [path, value] of equalities(filter)) {
    const parts = path.split('.');
    conflicts.add(parts);
    const slot = makeSlot(seed, parts);
    setChild(slot.container, slot.key, deepCopy(value));
  }
  return idFirst(seed);
}
