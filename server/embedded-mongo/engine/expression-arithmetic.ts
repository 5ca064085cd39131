import { Double } from 'bson';
import { evalExpr } from 'mingo/core';
import * as arithmeticOperators from 'mingo/operators/expression/arithmetic';
import * as trigonometryOperators from 'mingo/operators/expression/trignometry';
import type { Options } from 'mingo/types';
import { mongoError } from '../errors';
import { decimalArithmetic, toDecimal, toDecimal128, type DecimalOperation } from './decimal';
import {
  allNumbers,
  isDecimal,
  isLong,
  typedArithmetic,
  typedKind,
  widest,
  type IntegerOperation,
} from './typed-arithmetic';
import { asDouble, fitsLong, intOrLong, toBigInt, toNumber } from './update-arithmetic';
import type { Doc } from './values';

/**
 * The numeric expression operators, typed as mongod types them (its expression arithmetic): ints,
 * longs and doubles keep their type where mongod keeps it (`$abs`, `$ceil`, `$floor`, `$round`,
 * `$trunc` of a long are longs), int overflow gives a long, `$divide` and the transcendental operators
 * give doubles, and a Decimal128 is computed exactly by `$add`, `$subtract`, `$multiply`, `$divide` and
 * `$abs`. The rest is mingo's arithmetic over plain numbers (dates, null, errors; other operators on a
 * decimal compute it as a double).
 */

export type Operator = (obj: Doc, expr: unknown, options: Options) => unknown;

/** A BSON number as a JS number (Decimal128 and Long lose precision), anything else as it is. */
export const plain = (v: unknown): unknown =>
  isDecimal(v) ? Number(v.toString()) : isLong(v) || v instanceof Double ? toNumber(v) : v;
const asArgs = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
/** Already evaluated arguments, handed back to a mingo operator that evaluates its arguments itself. */
export const literal = (args: unknown): unknown =>
  Array.isArray(args) ? args.map((a) => ({ $literal: a })) : { $literal: args };

const NUMERIC = { ...arithmeticOperators, ...trigonometryOperators } as unknown as Record<string, Operator>;

/** mingo's operator over plain numbers; a number it answers is a double, as mongod's answer is. */
function viaDouble(original: Operator): Operator {
  return (obj, expr, options) => {
    const args = evalExpr(obj, expr, options);
    const result = original(obj, literal(Array.isArray(args) ? args.map(plain) : plain(args)), options);
    return typeof result === 'number' ? asDouble(result) : result;
  };
}

const IDENTITY: Record<DecimalOperation, number | undefined> = {
  add: 0,
  multiply: 1,
  subtract: undefined,
  divide: undefined,
};

/** `$add`, `$subtract`, `$multiply`, `$divide`: typed (typed-arithmetic.ts) or exact decimals. */
function arithmetic(name: string, op: DecimalOperation): Operator {
  const original = NUMERIC[name]!;
  const binary = IDENTITY[op] === undefined;
  return (obj, expr, options) => {
    const args = asArgs(evalExpr(obj, expr, options));
    if (binary && args.length !== 2) {
      throw mongoError('BadValue', `Expression ${name} takes exactly 2 arguments. ${args.length} were passed in.`);
    }
    const decimal = args.some(isDecimal);
    if (!decimal && allNumbers(args)) {
      if (op !== 'divide') return typedArithmetic(op as IntegerOperation, binary ? args : [IDENTITY[op], ...args]);
      if (toNumber(args[1]) === 0) throw mongoError('BadValue', "can't $divide by zero");
      return asDouble(toNumber(args[0]) / toNumber(args[1]));
    }
    if (!decimal || args.some((a) => a instanceof Date)) return original(obj, literal(args.map(plain)), options);
    if (args.some((a) => a === null || a === undefined)) return null;
    if (op === 'divide' && toDecimal(args[1]).isZero()) throw mongoError('BadValue', "can't $divide by zero");
    return args.reduce((a, b) => decimalArithmetic(op, a, b));
  };
}

/** An operator of one numeric argument: `typed` answers ints, longs and doubles, mingo the rest. */
function unary(name: string, typed: (v: unknown) => unknown): Operator {
  const original = viaDouble(NUMERIC[name]!);
  return (obj, expr, options) => {
    const v = evalExpr(obj, Array.isArray(expr) && expr.length === 1 ? expr[0] : expr, options);
    return typedKind(v) === undefined ? original(obj, literal(v), options) : typed(v);
  };
}

/** `$ceil`/`$floor`: an int or a long is its own answer, a double's is a double. */
const rounding = (name: string, f: (n: number) => number): Operator =>
  unary(name, (v) => (typedKind(v) === 'double' ? asDouble(f(toNumber(v))) : v));

const $abs = unary('$abs', (v) => {
  const kind = typedKind(v)!;
  if (kind === 'double') return asDouble(Math.abs(toNumber(v)));
  const n = toBigInt(v);
  if (n === -(2n ** 63n)) throw mongoError('Location28680', "can't take $abs of long long min");
  return intOrLong(n < 0n ? -n : n, kind);
});

/**
 * `$round`/`$trunc` of an int or a long with a negative place: rounded in integers (`$round` half to
 * even), a long stays a long and an int becomes one past 32 bits; with place ≥ 0 it is unchanged.
 */
function placeRounding(name: '$round' | '$trunc'): Operator {
  const original = viaDouble(NUMERIC[name]!);
  return (obj, expr, options) => {
    const args = asArgs(evalExpr(obj, expr, options));
    const [n, place = 0] = args;
    const kind = typedKind(n);
    if ((kind !== 'int' && kind !== 'long') || typeof place !== 'number' || !Number.isInteger(place)) {
      return original(obj, literal(args), options);
    }
    if (place >= 0 || place < -20) return place >= 0 ? n : original(obj, literal(args), options);
    const unit = 10n ** BigInt(-place);
    const value = toBigInt(n);
    let q = value / unit; // truncated toward zero
    const rest = value - q * unit;
    const twice = 2n * (rest < 0n ? -rest : rest);
    if (name === '$round' && (twice > unit || (twice === unit && q % 2n !== 0n))) q += value < 0n ? -1n : 1n;
    return intOrLong(q * unit, kind);
  };
}

/** `$mod` by mongod's rules: a double when the dividend is one (or the divisor a fraction), else integers. */
const $mod: Operator = (obj, expr, options) => {
  const args = asArgs(evalExpr(obj, expr, options));
  if (args.length !== 2 || !allNumbers(args)) return viaDouble(NUMERIC.$mod!)(obj, literal(args), options);
  const [a, b] = args;
  if (toNumber(b) === 0) throw mongoError('Location16610', "can't $mod by zero");
  if (typedKind(a) === 'double' || !Number.isInteger(toNumber(b))) return asDouble(toNumber(a) % toNumber(b));
  const kind = typedKind(a) === 'long' || typedKind(b) === 'long' ? 'long' : 'int';
  return intOrLong(toBigInt(a) % toBigInt(b), kind);
};

/** `$pow` by mongod's rules: integers exactly while the result fits 64 bits, else a double. */
const $pow: Operator = (obj, expr, options) => {
  const args = asArgs(evalExpr(obj, expr, options));
  const original = viaDouble(NUMERIC.$pow!);
  if (args.length !== 2 || !allNumbers(args) || widest(args) === 'double') return original(obj, literal(args), options);
  const [base, exponent] = args.map(toBigInt) as [bigint, bigint];
  if (base === 0n && exponent < 0n) return original(obj, literal(args), options); // mingo's error
  const kind = widest(args);
  if (base === 0n || base === 1n || base === -1n) {
    const sign = exponent % 2n === 0n ? 1n : -1n;
    return intOrLong(base === -1n ? sign : base === 0n && exponent === 0n ? 1n : base, kind);
  }
  const r = exponent >= 0n && exponent <= 63n ? base ** exponent : undefined;
  return r !== undefined && fitsLong(r) ? intOrLong(r, kind) : asDouble(Math.pow(Number(base), Number(exponent)));
};

export const ARITHMETIC_OPERATORS: Record<string, Operator> = {
  ...Object.fromEntries(Object.entries(NUMERIC).map(([name, op]) => [name, viaDouble(op)])),
  $add: arithmetic('$add', 'add'),
  $subtract: arithmetic('$subtract', 'subtract'),
  $multiply: arithmetic('$multiply', 'multiply'),
  $divide: arithmetic('$divide', 'divide'),
  $abs: (obj, expr, options) => {
    const v = evalExpr(obj, Array.isArray(expr) && expr.length === 1 ? expr[0] : expr, options);
    return isDecimal(v) ? toDecimal128(toDecimal(v).abs()) : $abs(obj, literal(v), options);
  },
  $ceil: rounding('$ceil', Math.ceil),
  $floor: rounding('$floor', Math.floor),
  $round: placeRounding('$round'),
  $trunc: placeRounding('$trunc'),
  $mod,
  $pow,
};
