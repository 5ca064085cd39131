import type { Iterator } from 'mingo/lazy';
import { Lazy } from 'mingo/lazy';
import * as pipelineOperators from 'mingo/operators/pipeline';
import type { Options } from 'mingo/types';
import { resolve } from 'mingo/util';
import { idKey } from './compare';
import { PLAIN_VALUE } from './expression-operators';
import { comparableView, isPlainObject, type Doc } from './values';

/**
 * `$lookup` with `localField`/`foreignField`: values are equal as mongod's equality match has them,
 * numbers by value whatever their type (Long 1, 1 and 1.0 join), an array matching by any element and
 * null matching a missing field; the documents keep their types. mingo's own join hashes values by
 * their JS shape, so it only runs the `pipeline` (given the matched documents) and the forms without
 * local and foreign fields.
 */

type Stage = (collection: Iterator, expr: unknown, options: Options) => Iterator;
const mingoLookup = pipelineOperators.$lookup as Stage;

const valuesAt = (doc: Doc, path: string): unknown[] => {
  const v = resolve(doc, path) ?? null;
  return Array.isArray(v) ? v : [v];
};

/** For each local document, the foreign documents it joins, in the foreign collection's order. */
function joiner(foreign: Doc[], foreignField: string, localField: string): (doc: Doc) => Doc[] {
  const index = new Map<string, Set<number>>();
  foreign.forEach((doc, i) => {
    for (const v of valuesAt(doc, foreignField)) {
      const key = idKey(v);
      index.set(key, (index.get(key) ?? new Set()).add(i));
    }
  });
  return (doc) => {
    const positions = new Set<number>();
    for (const v of valuesAt(doc, localField)) index.get(idKey(v))?.forEach((i) => positions.add(i));
    return [...positions].sort((a, b) => a - b).map((i) => foreign[i]!);
  };
}

/** `$lookup`; see above. */
export const $lookup: Stage = (collection, expr, options) => {
  const { localField, foreignField, from, ...rest } = expr as Doc;
  const named = typeof localField === 'string' && typeof foreignField === 'string' && typeof from === 'string';
  if (!named) return mingoLookup(collection, expr, options);
  const foreign = (options.collectionResolver?.(from) ?? []) as Doc[];
  const join = joiner(foreign, foreignField, localField);
  const as = String(rest.as);
  const pipeline = rest.pipeline;
  if (!Array.isArray(pipeline) || pipeline.length === 0) {
    return collection.map((doc) => ({ ...(doc as Doc), [as]: join(doc as Doc) }));
  }
  return collection.map((doc) => {
    const spec = { ...rest, from: join(doc as Doc) };
    return mingoLookup(Lazy([doc]), spec, options).collect()[0];
  });
};

const mingoGraphLookup = pipelineOperators.$graphLookup as Stage;

/**
 * `$graphLookup` is mingo's, which also compares by JS shape: it runs over plain numbers (the found
 * documents then read back with their numbers as plain numbers: a whole-number double as an int).
 */
export const $graphLookup: Stage = (collection, expr, options) => {
  if (!isPlainObject(expr) || typeof expr.from !== 'string') return mingoGraphLookup(collection, expr, options);
  const from = (options.collectionResolver?.(expr.from) ?? []).map(comparableView);
  return mingoGraphLookup(collection, { ...expr, from, startWith: { [PLAIN_VALUE]: expr.startWith } }, options);
};
