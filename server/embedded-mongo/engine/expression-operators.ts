import { Decimal128 } from 'bson';
import { evalExpr } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as arithmeticOperators from 'mingo/operators/expression/arithmetic';
import * as trigonometryOperators from 'mingo/operators/expression/trignometry';
import type { Options } from 'mingo/types';
import { mongoError } from '../errors';
import { compareValues } from './compare';
import { decimalArithmetic, toDecimal, toDecimal128, type DecimalOperation } from './decimal';
import { GROUP_KEY, groupKeyOperator } from './group-key';
import { allNumbers, isLong, longArithmetic, longAverage, longSum, type IntegerOperation } from './long-arithmetic';
import type { Doc } from './values';

/**
 * The aggregation expression and accumulator operators handed to mingo, with MongoDB's semantics where
 * mingo's differ: comparisons in BSON order (mingo returns false for `2 > null`; MongoDB orders every
 * type, a missing field lowest), and Decimal128 values computed exactly (documents reach mingo with
 * their Decimal128 values as they are; mingo only knows JS numbers), and Long values kept as longs by
 * `$add`, `$subtract`, `$multiply`, `$sum` and group keys. Operators with no decimal or long version
 * here compute those as doubles.
 */

type Operator = (obj: Doc, expr: unknown, options: Options) => unknown;
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

const isDecimal = (v: unknown): v is Decimal128 => v instanceof Decimal128;
const asDouble = (v: unknown): unknown => (isDecimal(v) ? Number(v.toString()) : isLong(v) ? v.toNumber() : v);
const asArgs = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
/** Already evaluated arguments, handed back to a mingo operator that evaluates its arguments itself. */
const literal = (args: unknown): unknown =>
  Array.isArray(args) ? args.map((a) => ({ $literal: a })) : { $literal: args };

/**
 * An arithmetic operator that computes exactly when an argument is a Decimal128 or a Long (and none is
 * a date, which mingo's version handles) and leaves the rest to mingo's.
 */
function decimalAware(name: keyof typeof arithmeticOperators, op: DecimalOperation, binary: boolean): Operator {
  const original = arithmeticOperators[name] as Operator;
  return (obj, expr, options) => {
    const args = asArgs(evalExpr(obj, expr, options));
    const integerOp = op === 'divide' ? undefined : (op as IntegerOperation);
    if (integerOp && args.some(isLong) && allNumbers(args) && (!binary || args.length === 2)) {
      return longArithmetic(integerOp, args);
    }
    if (!args.some(isDecimal) || args.some((a) => a instanceof Date)) {
      return original(obj, literal(args.map(asDouble)), options);
    }
    if (binary && args.length !== 2) {
      throw mongoError('BadValue', `Expression ${name} takes exactly 2 arguments. ${args.length} were passed in.`);
    }
    if (args.some((a) => a === null || a === undefined)) return null;
    if (op === 'divide' && toDecimal(args[1]).isZero()) throw mongoError('BadValue', "can't $divide by zero");
    return args.reduce((a, b) => decimalArithmetic(op, a, b));
  };
}

/** A mingo operator over numbers, given a decimal's value as a double. */
function viaDouble(original: Operator): Operator {
  return (obj, expr, options) => {
    const args = evalExpr(obj, expr, options);
    return original(obj, literal(Array.isArray(args) ? args.map(asDouble) : asDouble(args)), options);
  };
}

const NUMERIC = { ...arithmeticOperators, ...trigonometryOperators } as unknown as Record<string, Operator>;

const DECIMAL_ARITHMETIC: Record<string, Operator> = {
  ...Object.fromEntries(Object.entries(NUMERIC).map(([name, op]) => [name, viaDouble(op)])),
  $add: decimalAware('$add', 'add', false),
  $subtract: decimalAware('$subtract', 'subtract', true),
  $multiply: decimalAware('$multiply', 'multiply', false),
  $divide: decimalAware('$divide', 'divide', true),
  $abs: (obj, expr, options) => {
    const v = evalExpr(obj, expr, options);
    if (isLong(v)) return v.isNegative() ? v.negate() : v;
    return isDecimal(v) ? toDecimal128(toDecimal(v).abs()) : NUMERIC.$abs!(obj, literal(v), options);
  },
};

/** Type operators that must know Decimal128 for what it is. */
const DECIMAL_TYPES: Record<string, Operator> = {
  $type: (obj, expr, options) => {
    const v = evalExpr(obj, expr, options);
    if (isLong(v)) return 'long';
    return isDecimal(v) ? 'decimal' : (expressionOperators.$type as Operator)(obj, literal(v), options);
  },
  $isNumber: (obj, expr, options) => {
    const v = evalExpr(obj, expr, options);
    return isDecimal(v) || isLong(v) || (expressionOperators.$isNumber as Operator)(obj, literal(v), options);
  },
  $toString: (obj, expr, options) => {
    const v = evalExpr(obj, expr, options);
    if (isDecimal(v) || isLong(v)) return v.toString();
    return (expressionOperators.$toString as Operator)(obj, literal(v), options);
  },
  $toDouble: (obj, expr, options) => {
    const v = evalExpr(obj, expr, options);
    return isDecimal(v) || isLong(v)
      ? asDouble(v)
      : (expressionOperators.$toDouble as Operator)(obj, literal(v), options);
  },
  $toDecimal: (obj, expr, options) => {
    const v = evalExpr(obj, expr, options);
    if (v === null || v === undefined) return null;
    if (isDecimal(v)) return v;
    if (typeof v === 'string') return Decimal128.fromString(v.trim());
    if (typeof v === 'boolean') return Decimal128.fromString(v ? '1' : '0');
    if (v instanceof Date) return Decimal128.fromString(String(v.getTime()));
    return toDecimal128(toDecimal(v, true));
  },
};

const push = accumulatorOperators.$push as Accumulator;

/**
 * `$sum` / `$avg` over values of which some are Decimal128: exact, as a Decimal128 (non-numbers
 * ignored); some Long (and no decimal): long-arithmetic.ts.
 */
function decimalAccumulator(name: '$sum' | '$avg'): Accumulator {
  const original = accumulatorOperators[name] as Accumulator;
  return (collection, expr, options) => {
    const values = push(collection, expr, options) as unknown[];
    if (!values.some(isDecimal)) {
      if (values.some(isLong)) return name === '$sum' ? longSum(values) : longAverage(values);
      return original(collection, expr, options);
    }
    const numbers = values.filter((v) => typeof v === 'number' || isDecimal(v) || typeof v === 'bigint');
    const sum = numbers.reduce((a, b) => decimalArithmetic('add', a, b), Decimal128.fromString('0'));
    return name === '$sum' ? sum : decimalArithmetic('divide', sum, numbers.length);
  };
}

export const EXPRESSION_OPERATORS: Record<string, unknown> = {
  ...expressionOperators,
  [GROUP_KEY]: groupKeyOperator,
  ...BSON_COMPARISONS,
  ...DECIMAL_ARITHMETIC,
  ...DECIMAL_TYPES,
};

/** `$min` / `$max` in BSON order (mingo's order knows no Long or Decimal128), null and missing ignored. */
function extremeAccumulator(sign: 1 | -1): Accumulator {
  return (collection, expr, options) => {
    const values = (push(collection, expr, options) as unknown[]).filter((v) => v !== null && v !== undefined);
    return values.reduce((a, b) => (sign * compareValues(b, a) > 0 ? b : a), values[0] ?? null);
  };
}

export const ACCUMULATOR_OPERATORS: Record<string, unknown> = {
  ...accumulatorOperators,
  $sum: decimalAccumulator('$sum'),
  $avg: decimalAccumulator('$avg'),
  $max: extremeAccumulator(1),
  $min: extremeAccumulator(-1),
};
