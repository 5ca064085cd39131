import { evalExpr } from 'mingo/core';
import type { Iterator } from 'mingo/lazy';
import type { Options } from 'mingo/types';
import { idKey } from './compare';
import type { Doc } from './values';

/**
 * `$group` keys as mongod compares them: numbers by value whatever their type (1, 1.0, Long 1 and
 * Decimal128 1 are one group), null and missing alike; the group's `_id` is the key as the first document
 * of the group had it. mingo's own `$group` hashes values by their JS shape, so it is given a key string
 * (`idKey`, the one `_id` uniqueness uses) to group on and the first key to report.
 */

/** An internal expression operator: the comparable key string of its argument's value. */
export const GROUP_KEY = '$__embeddedGroupKey';
const FIRST = '__embeddedFirstKey';

export function groupKeyOperator(obj: Doc, expr: unknown, options: Options): string {
  return idKey(evalExpr(obj, expr, options));
}

type Stage = (collection: Iterator, expr: unknown, options: Options) => Iterator;

/** mingo's `$group` grouping by value; `_id` first in each output document, as mongod writes it. */
export function groupByValue(group: Stage): Stage {
  return (collection, expr, options) => {
    const spec = expr as Doc;
    if (!('_id' in spec)) return group(collection, expr, options); // mingo reports the missing _id
    const keyed = { ...spec, _id: { [GROUP_KEY]: spec._id }, [FIRST]: { $first: spec._id } };
    return group(collection, keyed, options).map((doc) => {
      const { _id, [FIRST]: first, ...rest } = doc as Doc;
      return { _id: first ?? null, ...rest };
    });
  };
}
