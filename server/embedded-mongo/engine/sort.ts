import { Decimal128, Double, Int32, Long, Timestamp } from 'bson';
import { mongoError } from '../errors';
import { collationKeyFn, collationKind } from './collation';
import { compareKeyValues, keyValuesAt } from './paths';
import { isPlainObject, type Doc } from './values';

/** A number for a JS number or a bson numeric wrapper, else NaN. */
export function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof Int32 || v instanceof Double) return v.value;
  // bson's Timestamp is a subclass of Long, but not a number.
  if (v instanceof Long && !(v instanceof Timestamp)) return v.toNumber();
  if (v instanceof Decimal128) return Number(v.toString());
  return NaN;
}

export interface SortKey {
  path: string;
  direction: 1 | -1;
}

/** Validates a sort document as mongod does and lists its keys in order. */
export function parseSort(sort: Record<string, unknown>): SortKey[] {
  return Object.entries(sort).map(([path, value]) => {
    if (isPlainObject(value) && '$meta' in value) {
      throw mongoError(
        'BadValue',
        `$meta sort by ${JSON.stringify(value.$meta)} is not supported by the embedded MongoDB-compatible server`,
      );
    }
    const n = numberOf(value);
    if (n !== 1 && n !== -1)
      throw mongoError('BadValue', '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
    return { path, direction: n };
  });
}

/**
 * The value a document sorts by on one path: the smallest value the path reaches when ascending, the
 * largest when descending (MongoDB's rule for arrays); a missing field sorts as null.
 */
function sortValue(doc: Doc, key: SortKey, fold: ((v: unknown) => unknown) | null): unknown {
  const { values } = keyValuesAt(doc, key.path);
  let best = fold ? fold(values[0]) : values[0];
  for (let i = 1; i < values.length; i++) {
    const v = fold ? fold(values[i]) : values[i];
    if (compareKeyValues(v, best) * key.direction < 0) best = v;
  }
  return best;
}

/**
 * A comparator for `Array.prototype.sort` with MongoDB's semantics: dotted paths, BSON type order,
 * numbers by value whatever their type. With a collation of strength 1 or 2, strings compare folded as
 * a collated index would hold them. Sort values are computed once per document.
 */
export function compileSort(sort: Record<string, unknown>, collation?: Doc): (a: Doc, b: Doc) => number {
  const keys = parseSort(sort);
  const fold = collationKeyFn(collationKind(collation));
  const cache = new WeakMap<Doc, unknown[]>();
  const valuesOf = (doc: Doc): unknown[] => {
    let values = cache.get(doc);
    if (!values) {
      values = keys.map((key) => sortValue(doc, key, fold));
      cache.set(doc, values);
    }
    return values;
  };
  return (a, b) => {
    if (keys.length === 0) return 0;
    const va = valuesOf(a);
    const vb = valuesOf(b);
    for (let i = 0; i < keys.length; i++) {
      const c = compareKeyValues(va[i], vb[i]);
      if (c) return c * keys[i]!.direction;
    }
    return 0;
  };
}
