import { compareKeyValues, keyRank } from './paths';

/**
 * The part of an index a query reads: one value list per leading field (one value for an equality,
 * several for `$in`), then at most one interval on the next field. Values are the query's own (an index
 * with a collation folds them itself); a bound may be a `TypeEdge`.
 */
export interface IndexBounds {
  equals: unknown[][];
  range?: Interval;
}

export interface Bound {
  value: unknown;
  inclusive: boolean;
}

/** A missing side is unbounded. */
export interface Interval {
  low?: Bound;
  high?: Bound;
}

/** Every key of the index (a scan that only provides the sort order). */
export const ALL_KEYS: IndexBounds = { equals: [] };

/**
 * The start (side -1) or end (side 1) of every value of one BSON type rank. MongoDB brackets ranges by
 * type (`$gt: 5` never matches a string), so `{ $gt: 5 }` reads the keys from 5 to the end of the numbers.
 */
export class TypeEdge {
  constructor(
    readonly rank: number,
    readonly side: -1 | 1,
  ) {}
}

/** Orders key values and type edges: an edge sits before (or after) every value of its rank. */
export function compareBoundValues(a: unknown, b: unknown): number {
  const ea = a instanceof TypeEdge;
  const eb = b instanceof TypeEdge;
  if (!ea && !eb) return compareKeyValues(a, b);
  const ra = ea ? a.rank : keyRank(a);
  const rb = eb ? b.rank : keyRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (ea && eb) return a.side === b.side ? 0 : a.side;
  return ea ? a.side : -(b as TypeEdge).side;
}
