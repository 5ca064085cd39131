import { Decimal128 } from 'bson';
import { evalExpr } from 'mingo/core';
import * as expressionOperators from 'mingo/operators/expression';
import type { Operator } from './expression-arithmetic';
import { plain } from './expression-arithmetic';
import { isPlainObject, type Doc } from './values';

/**
 * Truth as mongod has it (Value::coerceToBool): false, null, missing and zero of any numeric type are
 * false, everything else true. mingo's conditions test JS truthiness, under which a `Double` or `Long`
 * zero is an object and so true: each condition is handed to mingo's operator wrapped in an internal
 * operator that answers mongod's truth as a boolean.
 */

export function isTruthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false) return false;
  if (v instanceof Decimal128) return !/^-?0(\.0*)?(E[+-]?\d+)?$/i.test(v.toString());
  const n = plain(v);
  return typeof n !== 'number' || n !== 0;
}

const TRUTH = '$__embeddedTruth';
const truth = (e: unknown): Doc => ({ [TRUTH]: e });
const mingo = expressionOperators as unknown as Record<string, Operator>;

/** mingo's operator with its conditions, as `conditions` finds them in the expression, wrapped. */
const withTruth =
  (name: string, conditions: (expr: unknown) => unknown): Operator =>
  (obj, expr, options) =>
    mingo[name]!(obj, conditions(expr), options);

const eachArgument = (expr: unknown) => (Array.isArray(expr) ? expr.map(truth) : [truth(expr)]);

export const CONDITION_OPERATORS: Record<string, Operator> = {
  [TRUTH]: (obj, expr, options) => isTruthy(evalExpr(obj, expr, options)),
  $and: withTruth('$and', eachArgument),
  $or: withTruth('$or', eachArgument),
  $not: withTruth('$not', eachArgument),
  $cond: withTruth('$cond', (expr) =>
    Array.isArray(expr)
      ? [truth(expr[0]), ...expr.slice(1)]
      : isPlainObject(expr)
        ? { ...expr, if: truth(expr.if) }
        : expr,
  ),
  $switch: withTruth('$switch', (expr) =>
    isPlainObject(expr) && Array.isArray(expr.branches)
      ? { ...expr, branches: expr.branches.map((b: Doc) => (isPlainObject(b) ? { ...b, case: truth(b.case) } : b)) }
      : expr,
  ),
  $filter: withTruth('$filter', (expr) =>
    isPlainObject(expr) && 'cond' in expr ? { ...expr, cond: truth(expr.cond) } : expr,
  ),
};
