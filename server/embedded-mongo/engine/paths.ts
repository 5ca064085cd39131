import { compareStrings, compareValues, typeRank } from './compare';
import { isPlainObject } from './values';

/**
 * Dotted paths as MongoDB's index key generator reads them. Sorting and indexes share this so an index
 * scan yields documents in the order a sort would put them.
 */

/** The key of an empty array: below null, as MongoDB indexes and sorts `[]` (its `undefined` key). */
export const EMPTY_ARRAY_KEY: unique symbol = Symbol('empty array key');

const POSITION = /^(0|[1-9]\d*)$/;

interface Walk {
  values: unknown[];
  /** How many path components come before the first array met, or -1 when none was. */
  arrayAt: number;
}

function walk(value: unknown, parts: string[], i: number, state: Walk): void {
  if (i === parts.length) {
    if (Array.isArray(value) && state.arrayAt < 0) state.arrayAt = i;
    state.values.push(value);
    return;
  }
  const part = parts[i]!;
  if (Array.isArray(value)) {
    // `a.0` picks an element; any other name is looked up in every element (one level only, as mongod).
    if (POSITION.test(part)) return walk(value[Number(part)], parts, i + 1, state);
    if (state.arrayAt < 0) state.arrayAt = i;
    if (value.length === 0) state.values.push(undefined);
    for (const element of value) {
      if (isPlainObject(element)) walk(element[part], parts, i + 1, state);
      else state.values.push(undefined);
    }
    return;
  }
  if (isPlainObject(value)) walk(value[part], parts, i + 1, state);
  else state.values.push(undefined);
}

/**
 * Every value a dotted path reaches, descending through arrays of subdocuments. A value that is itself an
 * array is returned whole; `undefined` marks a branch where the path is missing (one entry at least).
 */
export function getPathValues(doc: unknown, path: string): unknown[] {
  const state: Walk = { values: [], arrayAt: -1 };
  walk(doc, path.split('.'), 0, state);
  return state.values;
}

/**
 * The key values a path gives a document, as an index or a sort sees them: arrays at the end of the path
 * are unwound one level, a missing path is null and an empty array is `EMPTY_ARRAY_KEY`. `arrayPath` is
 * the prefix where the first array was met (null when none was): two fields of one compound index may
 * only meet arrays at the same place. `missing` is true when the path reaches nothing at all (a sparse
 * index leaves such documents out; an explicit null is present).
 */
export function keyValuesAt(doc: unknown, path: string): { values: unknown[]; arrayPath: string | null; missing: boolean } {
  const parts = path.split('.');
  const state: Walk = { values: [], arrayAt: -1 };
  walk(doc, parts, 0, state);
  const values: unknown[] = [];
  let missing = true;
  for (const v of state.values) {
    if (v !== undefined) missing = false;
    if (!Array.isArray(v)) values.push(v === undefined ? null : v);
    else if (v.length === 0) values.push(EMPTY_ARRAY_KEY);
    else values.push(...v);
  }
  return { values, arrayPath: state.arrayAt < 0 ? null : parts.slice(0, state.arrayAt).join('.'), missing };
}

/** `typeRank` extended with the empty-array key, which sits between MinKey (1) and null (2). */
export const keyRank = (v: unknown): number => (v === EMPTY_ARRAY_KEY ? 1.5 : typeRank(v));

/** `compareValues` extended with the empty-array key; indexes call it on every tree step. */
export function compareKeyValues(a: unknown, b: unknown): number {
  // The common cases first: same-typed strings or (non-NaN) numbers.
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'number' && typeof b === 'number' && a === a && b === b) return a < b ? -1 : a > b ? 1 : 0;
  if (a === EMPTY_ARRAY_KEY || b === EMPTY_ARRAY_KEY) return Math.sign(keyRank(a) - keyRank(b));
  return compareValues(a, b);
}
