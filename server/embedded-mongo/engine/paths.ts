import { ObjectId } from 'bson';
import { compareObjectIds, compareStrings, compareValues, typeRank } from './compare';
import { isPlainObject } from './values';

/**
 * Dotted paths as MongoDB's index key generator reads them. Sorting and indexes share this so an index
 * scan yields documents in the order a sort would put them.
 */

/** The key of an empty array: below null, as MongoDB indexes and sorts `[]` (its `undefined` key). */
export const EMPTY_ARRAY_KEY: unique symbol = Symbol('empty array key');

/** A path part that picks an array element by position (`a.0`). */
export const POSITION = /^(0|[1-9]\d*)$/;

function walk(value: unknown, parts: string[], i: number, values: unknown[]): void {
  if (i === parts.length) {
    values.push(value);
    return;
  }
  const part = parts[i]!;
  if (Array.isArray(value)) {
    // `a.0` picks an element; any other name is looked up in every element (one level only, as mongod).
    if (POSITION.test(part)) return walk(value[Number(part)], parts, i + 1, values);
    if (value.length === 0) values.push(undefined);
    for (const element of value) {
      if (isPlainObject(element)) walk(element[part], parts, i + 1, values);
      else values.push(undefined);
    }
    return;
  }
  if (isPlainObject(value)) walk(value[part], parts, i + 1, values);
  else values.push(undefined);
}

/**
 * Every value a dotted path reaches, descending through arrays of subdocuments. A value that is itself an
 * array is returned whole; `undefined` marks a branch where the path is missing (one entry at least).
 */
export function getPathValues(doc: unknown, path: string): unknown[] {
  const values: unknown[] = [];
  walk(doc, path.split('.'), 0, values);
  return values;
}

/**
 * The key values a path gives a document, as a sort sees them: arrays at the end of the path are unwound
 * one level, a missing path is null and an empty array is `EMPTY_ARRAY_KEY`.
 */
export function keyValuesAt(doc: unknown, path: string): { values: unknown[] } {
  const values: unknown[] = [];
  for (const v of getPathValues(doc, path)) {
    if (!Array.isArray(v)) values.push(v === undefined ? null : v);
    else if (v.length === 0) values.push(EMPTY_ARRAY_KEY);
    else values.push(...v);
  }
  return { values };
}

/** `typeRank` extended with the empty-array key, which sits between MinKey (1) and null (2). */
export const keyRank = (v: unknown): number => (v === EMPTY_ARRAY_KEY ? 1.5 : typeRank(v));

/** `compareValues` extended with the empty-array key; indexes call it on every tree step. */
export function compareKeyValues(a: unknown, b: unknown): number {
  // The common cases first: same-typed strings or (non-NaN) numbers.
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'number' && typeof b === 'number' && a === a && b === b) return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof ObjectId && b instanceof ObjectId) return compareObjectIds(a, b);
  if (a === EMPTY_ARRAY_KEY || b === EMPTY_ARRAY_KEY) return Math.sign(keyRank(a) - keyRank(b));
  return compareValues(a, b);
}
