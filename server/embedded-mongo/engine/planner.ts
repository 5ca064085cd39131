import { BSONRegExp, MaxKey, MinKey } from 'bson';
import { mongoError } from '../errors';
import { collationKind, holdsString } from './collation';
import { typeRank, valuesEqual } from './compare';
import { ALL_KEYS, compareBoundValues, TypeEdge, type Bound, type IndexBounds, type Interval } from './index-bounds';
import type { IndexStore } from './index-store';
import { parseSort, numberOf, type SortKey } from './sort';
import { isPlainObject, type Doc } from './values';

/**
 * Picks the index a query reads, and which part of it. Bounds only need to hold every matching
 * document: the caller applies the whole filter to each one, so a condition the planner does not
 * understand simply gives no bounds.
 */
export interface QueryPlan {
  index: IndexStore;
  bounds: IndexBounds;
  direction: 1 | -1;
  /** The scan yields documents in the order the sort asks for. */
  providesSort: boolean;
}

export interface PlanOptions {
  hint?: unknown;
  collation?: Doc;
}

/** What the filter requires of one field (from top-level conditions and `$and`, which all must hold). */
interface FieldConditions {
  /** Values one of which the field must equal (`x`, `$eq`, `$in`). */
  equals?: unknown[];
  ranges: Interval[];
  /** The field must exist (so a sparse index holds every match). */
  present: boolean;
}

/** At most this many equality combinations are scanned one after the other; beyond, fewer fields are bound. */
const MAX_PREFIXES = 1000;

const isRegex = (v: unknown) => v instanceof RegExp || v instanceof BSONRegExp;

/** Arrays match element-wise and by whole value, regexes by pattern: neither is a single key. */
const isEqualityKey = (v: unknown) => v !== undefined && !Array.isArray(v) && !isRegex(v);

function rangeOf(op: string, value: unknown): Interval | null {
  const rank = typeRank(value);
  // null, MinKey/MaxKey, arrays, regexes and NaN do not bracket simply: leave them to the filter.
  if (rank === 2 || rank === 6 || rank >= 12 || value instanceof MinKey || value instanceof MaxKey) return null;
  if (rank === 3 && Number.isNaN(numberOf(value))) return null;
  const bound: Bound = { value, inclusive: op === '$gte' || op === '$lte' };
  if (op === '$gt' || op === '$gte') return { low: bound, high: { value: new TypeEdge(rank, 1), inclusive: true } };
  return { low: { value: new TypeEdge(rank, -1), inclusive: true }, high: bound };
}

function addCondition(conditions: Map<string, FieldConditions>, field: string, value: unknown): void {
  let c = conditions.get(field);
  if (!c) conditions.set(field, (c = { ranges: [], present: false }));
  const setEquals = (values: unknown[]) => {
    if (!values.every(isEqualityKey)) return;
    if (!c.equals || values.length < c.equals.length) c.equals = values;
    if (values.length > 0 && values.every((v) => v !== null)) c.present = true;
  };
  const first = isPlainObject(value) ? Object.keys(value)[0] : undefined;
  if (!isPlainObject(value) || !first?.startsWith('$')) return setEquals([value]);
  for (const [op, arg] of Object.entries(value)) {
    if (op === '$eq') setEquals([arg]);
    else if (op === '$in' && Array.isArray(arg)) setEquals(arg);
    else if (op === '$exists' && arg === true) c.present = true;
    else if (op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte') {
      const range = rangeOf(op, arg);
      if (range) {
        c.ranges.push(range);
        c.present = true;
      }
    }
  }
}

function collectConditions(filter: Doc, conditions = new Map<string, FieldConditions>()): Map<string, FieldConditions> {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) if (isPlainObject(part)) collectConditions(part, conditions);
    } else if (!key.startsWith('$')) {
      addCondition(conditions, key, value);
    }
  }
  return conditions;
}

/** The tighter of two bounds on one side, compared as the index holds the values. */
function tighter(index: IndexStore, a: Bound | undefined, b: Bound | undefined, side: -1 | 1): Bound | undefined {
  if (!a || !b) return a ?? b;
  const c = compareBoundValues(index.keyPart(a.value), index.keyPart(b.value)) * side;
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive ? b : a;
}

interface Candidate {
  plan: QueryPlan;
  /** Compared in order, larger wins: [point lookup, equality fields, has a range, provides the sort]. */
  score: number[];
}

/**
 * The bounds of one index. `strings` is false when the index and the query collate strings differently,
 * so a bound on a string would skip documents the filter matches.
 */
function boundsOf(index: IndexStore, conditions: Map<string, FieldConditions>, strings: boolean): IndexBounds {
  const allowed = (v: unknown) => strings || !holdsString(v);
  const equals: unknown[][] = [];
  let prefixes = 1;
  for (const [i, field] of index.fields.entries()) {
    const c = conditions.get(field);
    // Keys of fields under one array pair values of one element; the filter does not (no $elemMatch here).
    if (!c || index.fields.slice(0, i).some((_, j) => index.shareArray(i, j))) break;
    if (c.equals && c.equals.every(allowed) && prefixes * c.equals.length <= MAX_PREFIXES) {
      equals.push(c.equals);
      prefixes *= c.equals.length;
      continue;
    }
    const ranges = c.ranges.filter((r) => allowed(r.low?.value) && allowed(r.high?.value));
    if (ranges.length === 0) break;
    // Several elements of an array may each satisfy one side: a multikey field keeps a single range.
    if (index.isMultikeyField(i)) return { equals, range: ranges[0] };
    const range = ranges.reduce((a, b) => ({
      low: tighter(index, a.low, b.low, 1),
      high: tighter(index, a.high, b.high, -1),
    }));
    return { equals, range };
  }
  return equals.length ? { equals } : ALL_KEYS;
}

/**
 * The scan direction that yields the sort order, or null when the index cannot. Fields pinned to one
 * value by the bounds are constant, so the sort may skip them; a multikey field cannot give a sort order.
 */
function sortDirection(index: IndexStore, bounds: IndexBounds, sort: SortKey[]): 1 | -1 | null {
  const pinned = new Set<number>();
  bounds.equals.forEach((values, i) => values.length === 1 && pinned.add(i));
  const pinnedFields = new Set([...pinned].map((i) => index.fields[i]));
  if (sort.some((k) => pinnedFields.has(k.path) && index.isMultikeyField(index.fields.indexOf(k.path)))) return null;
  const remaining = sort.filter((k) => !pinnedFields.has(k.path));
  let direction: 1 | -1 | 0 = 0;
  let next = 0;
  for (let i = 0; i < index.fields.length && next < remaining.length; i++) {
    if (pinned.has(i)) continue;
    const key = remaining[next++]!;
    if (key.path !== index.fields[i] || index.isMultikeyField(i)) return null;
    const d = key.direction === index.directions[i] ? 1 : -1;
    if (direction && d !== direction) return null;
    direction = d;
  }
  return next === remaining.length ? direction || 1 : null;
}

function candidate(
  index: IndexStore,
  conditions: Map<string, FieldConditions>,
  sort: SortKey[],
  sameCollation: boolean,
): Candidate {
  const bounds = boundsOf(index, conditions, sameCollation);
  const direction = sameCollation ? sortDirection(index, bounds, sort) : null;
  const providesSort = sort.length > 0 && direction !== null;
  const points = bounds.equals.length === index.fields.length && bounds.equals.every((v) => v.length === 1);
  return {
    plan: { index, bounds, direction: direction ?? 1, providesSort },
    score: [index.spec.unique && points ? 1 : 0, bounds.equals.length, bounds.range ? 1 : 0, providesSort ? 1 : 0],
  };
}

/** Sparse and partial indexes miss documents; one is used only when the filter rules those out. */
function holdsEveryMatch(index: IndexStore, conditions: Map<string, FieldConditions>): boolean {
  if (index.spec.partialFilterExpression) return false;
  return !index.spec.sparse || index.fields.some((f) => conditions.get(f)?.present);
}

function sameKeyPattern(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && valuesEqual(a[k], b[k]));
}

/** The index a hint names (by name or key pattern), 'natural' for `{ $natural: ±1 }`, undefined for none. */
function hintedIndex(hint: unknown, indexes: IndexStore[]): IndexStore | 'natural' | undefined {
  if (hint === undefined || hint === null) return undefined;
  if (isPlainObject(hint)) {
    if (Object.keys(hint).length === 0) return undefined;
    if ('$natural' in hint) return 'natural';
  }
  const found = indexes.find((i) =>
    typeof hint === 'string' ? i.spec.name === hint : isPlainObject(hint) && sameKeyPattern(i.spec.key, hint),
  );
  if (!found) throw mongoError('BadValue', 'hint provided does not correspond to an existing index');
  return found;
}

const better = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
};

/**
 * The plan for a query, or null for a collection scan. Preference: equality on every field of a unique
 * index, then the longest equality prefix, then a range, then an index that only gives the sort order.
 * Ties go to the earlier index (`_id` first).
 */
export function planQuery(
  filter: Doc,
  sort: Doc | undefined,
  indexes: IndexStore[],
  options: PlanOptions = {},
): QueryPlan | null {
  const conditions = collectConditions(filter);
  const sortKeys = sort ? parseSort(sort) : [];
  const queryCollation = collationKind(options.collation);

  const hinted = hintedIndex(options.hint, indexes);
  if (hinted === 'natural') return null;
  if (hinted) return candidate(hinted, conditions, sortKeys, hinted.collation === queryCollation).plan;

  let best: Candidate | null = null;
  for (const index of indexes) {
    const same = index.collation === queryCollation;
    // A collated index orders and bounds by folded strings: only a query with that collation may read it.
    if ((!same && index.collation !== 'simple') || !holdsEveryMatch(index, conditions)) continue;
    const c = candidate(index, conditions, sortKeys, same);
    const useful = c.plan.bounds !== ALL_KEYS || c.plan.providesSort;
    if (useful && (!best || better(c.score, best.score))) best = c;
  }
  return best?.plan ?? null;
}
