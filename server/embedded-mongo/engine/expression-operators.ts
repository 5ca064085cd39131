import { Decimal128 } from 'bson';
import { evalExpr } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import type { Options } from 'mingo/types';
import { mongoError } from '../errors';
import { compareValues, idKey } from './compare';
import { decimalArithmetic } from './decimal';
import { ARITHMETIC_OPERATORS, plain, type Operator } from './expression-arithmetic';
import { CONDITION_OPERATORS } from './expression-conditions';
import { TYPE_OPERATORS } from './expression-types';
import { GROUP_KEY, groupKeyOperator } from './group-key';
import { isDecimal, typedAverage, typedSum } from './typed-arithmetic';
import { asDouble } from './update-arithmetic';
import { comparableView, isPlainObject } from './values';

/**
 * The aggregation expression and accumulator operators handed to mingo, with MongoDB's semantics where
 * mingo's differ: comparisons in BSON order (mingo returns false for `2 > null`; MongoDB orders every
 * type, a missing field lowest), numbers typed as mongod types them (expression-arithmetic.ts,
 * expression-types.ts, typed-arithmetic.ts), Decimal128 computed exactly. Documents reach mingo with
 * their Long, Double and Decimal128 wrappers (values.ts), which mingo's own operators do not know: those
 * that read numbers or compare values get their arguments as plain JS numbers.
 */

type Accumulator = (collection: unknown[], expr: unknown, options: Options) => unknown;

/** Aggregation comparison: a missing field sorts below null, then BSON order. */
function aggregationCompare(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return compareValues(a, b);
}

function comparisonOperator(accept: (c: number) => boolean): Operator {
  return (obj, expr, options) => {
    const args = evalExpr(obj, expr, options) as unknown;
    if (!Array.isArray(args) || args.length !== 2) {
      throw mongoError('BadValue', 'Expression takes exactly 2 arguments.');
    }
    return accept(aggregationCompare(args[0], args[1]));
  };
}

const BSON_COMPARISONS: Record<string, Operator> = {
  $eq: comparisonOperator((c) => c === 0),
  $ne: comparisonOperator((c) => c !== 0),
  $gt: comparisonOperator((c) => c > 0),
  $gte: comparisonOperator((c) => c >= 0),
  $lt: comparisonOperator((c) => c < 0),
  $lte: comparisonOperator((c) => c <= 0),
  $cmp: (obj, expr, options) => {
    const [a, b] = evalExpr(obj, expr, options) as unknown[];
    return Math.sign(aggregationCompare(a, b));
  },
};

/**
 * A mingo operator given its evaluated arguments as plain JS numbers: each argument (`deep`: every
 * number inside them too, so that equal numbers of any type are equal) as a literal.
 */
function withPlainArguments(original: Operator, deep: boolean): Operator {
  const convert = deep ? comparableView : plain;
  return (obj, expr, options) => {
    // Given documents (an accumulator's use, as `$maxN` in `$group`), the operator evaluates them itself.
    if (Array.isArray(obj)) return original(obj.map(comparableView) as never, expr, options);
    const arg = (e: unknown) => ({ $literal: convert(evalExpr(obj, e, options)) });
    if (Array.isArray(expr)) return original(obj, expr.map(arg), options);
    if (isPlainObject(expr) && !Object.keys(expr).some((k) => k.startsWith('$'))) {
      return original(obj, Object.fromEntries(Object.entries(expr).map(([k, e]) => [k, arg(e)])), options);
    }
    return original(obj, arg(expr), options);
  };
}

/** mingo operators that read numbers from their arguments (indexes, counts, amounts, bits). */
const READ_NUMBERS = [
  '$arrayElemAt',
  '$slice',
  '$range',
  '$substr',
  '$substrBytes',
  '$substrCP',
  '$indexOfBytes',
  '$indexOfCP',
  '$dateAdd',
  '$dateSubtract',
  '$dateFromParts',
  '$toBool',
  '$toDate',
  '$bitAnd',
  '$bitOr',
  '$bitXor',
  '$bitNot',
  '$sampleRate',
];
/** mingo operators that compare values (by their JS shape) or test the truth of elements. */
const COMPARE_VALUES = [
  '$allElementsTrue',
  '$anyElementTrue',
  '$in',
  '$indexOfArray',
  '$setUnion',
  '$setIntersection',
  '$setDifference',
  '$setEquals',
  '$setIsSubset',
  '$maxN',
  '$minN',
  '$sortArray',
];

const mingoExpressions = expressionOperators as unknown as Record<string, Operator>;
const plainArgumentOperators = (names: string[], deep: boolean) =>
  Object.fromEntries(names.map((name) => [name, withPlainArguments(mingoExpressions[name]!, deep)]));

/** An internal operator: its argument's value with plain JS numbers, for mingo stages that compare values. */
export const PLAIN_VALUE = '$__embeddedPlainValue';

export const EXPRESSION_OPERATORS: Record<string, unknown> = {
  ...expressionOperators,
  [PLAIN_VALUE]: ((obj, expr, options) => comparableView(evalExpr(obj, expr, options))) as Operator,
  ...plainArgumentOperators(READ_NUMBERS, false),
  ...plainArgumentOperators(COMPARE_VALUES, true),
  [GROUP_KEY]: groupKeyOperator,
  ...BSON_COMPARISONS,
  ...CONDITION_OPERATORS,
  ...ARITHMETIC_OPERATORS,
  ...TYPE_OPERATORS,
};

const push = accumulatorOperators.$push as Accumulator;

/**
 * `$sum` / `$avg`: over values of which some are Decimal128, exact, as a Decimal128 (non-numbers
 * ignored); else typed as mongod types them (typed-arithmetic.ts).
 */
function numericAccumulator(name: '$sum' | '$avg'): Accumulator {
  return (collection, expr, options) => {
    const values = push(collection, expr, options) as unknown[];
    if (!values.some(isDecimal)) return name === '$sum' ? typedSum(values) : typedAverage(values);
    const numbers = values.filter((v) => typeof plain(v) === 'number' || isDecimal(v));
    const sum = numbers.reduce((a, b) => decimalArithmetic('add', a, b), Decimal128.fromString('0'));
    return name === '$sum' ? sum : decimalArithmetic('divide', sum, numbers.length);
  };
}

/** `$min` / `$max` in BSON order (mingo's order knows no Long or Decimal128), null and missing ignored. */
function extremeAccumulator(sign: 1 | -1): Accumulator {
  return (collection, expr, options) => {
    const values = (push(collection, expr, options) as unknown[]).filter((v) => v !== null && v !== undefined);
    return values.reduce((a, b) => (sign * compareValues(b, a) > 0 ? b : a), values[0] ?? null);
  };
}

/** A mingo statistic over the values as plain JS numbers; its answer is a double, as mongod's. */
function statistic(original: Accumulator): Accumulator {
  return (collection, expr, options) => {
    const result = original((push(collection, expr, options) as unknown[]).map(comparableView), null, options);
    return typeof result === 'number' ? asDouble(result) : result;
  };
}

/** `$addToSet`: one of each value, equal numbers of any type being one (mongod's equality), kept as first seen. */
const addToSet: Accumulator = (collection, expr, options) => {
  const seen = new Map<string, unknown>();
  for (const v of push(collection, expr, options) as unknown[]) if (!seen.has(idKey(v))) seen.set(idKey(v), v);
  return [...seen.values()];
};

const mingoAccumulators = accumulatorOperators as unknown as Record<string, Accumulator>;

/** A mingo accumulator that orders values by their JS shape, given the documents with plain numbers. */
const plainDocuments = (name: string): [string, Accumulator] => [
  name,
  (collection, expr, options) => mingoAccumulators[name]!(collection.map(comparableView), expr, options),
];

export const ACCUMULATOR_OPERATORS: Record<string, unknown> = {
  ...accumulatorOperators,
  $stdDevPop: statistic(mingoAccumulators.$stdDevPop!),
  $stdDevSamp: statistic(mingoAccumulators.$stdDevSamp!),
  $addToSet: addToSet,
  ...Object.fromEntries(['$top', '$bottom', '$topN', '$bottomN'].map(plainDocuments)),
  $sum: numericAccumulator('$sum'),
  $avg: numericAccumulator('$avg'),
  $max: extremeAccumulator(1),
  $min: extremeAccumulator(-1),
};
