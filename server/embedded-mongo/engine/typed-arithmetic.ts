import { Decimal128, Double, Long, Timestamp } from 'bson';
import { isInt32 } from './bson-types';
import { asDouble, fitsLong, intOrLong, toBigInt, toNumber, wider } from './update-arithmetic';

/**
 * Aggregation arithmetic over ints, longs and doubles by mongod's type rules (ExpressionAdd,
 * ExpressionSubtract, ExpressionMultiply, AccumulatorSum): the result takes the widest operand type
 * (int < long < double); ints that overflow 32 bits give a long, integers that overflow 64 bits a
 * double; integers are computed exactly. A double result is returned in the value model of values.ts
 * (a `Double` when BSON would otherwise write it as an int32). Decimal128 and dates are handled before
 * this is reached.
 */

export type IntegerOperation = 'add' | 'subtract' | 'multiply';
export type TypedKind = 'int' | 'long' | 'double';

/** A Long, not a Timestamp (which bson derives from Long). */
export const isLong = (v: unknown): v is Long => v instanceof Long && !(v instanceof Timestamp);
export const isDecimal = (v: unknown): v is Decimal128 => v instanceof Decimal128;

/** The kind of an int, long or double in the value model; undefined for anything else. */
export function typedKind(v: unknown): TypedKind | undefined {
  if (typeof v === 'number') return isInt32(v) ? 'int' : 'double';
  if (v instanceof Double) return 'double';
  return isLong(v) ? 'long' : undefined;
}

/** Whether every value is an int, long or double: what this arithmetic takes. */
export const allNumbers = (values: unknown[]): boolean => values.every((v) => typedKind(v) !== undefined);

export const widest = (values: unknown[]): TypedKind =>
  values.map((v) => typedKind(v)!).reduce((a, b) => wider(a, b) as TypedKind, 'int');

const exact = (op: IntegerOperation, a: bigint, b: bigint): bigint =>
  op === 'add' ? a + b : op === 'subtract' ? a - b : a * b;
const inDoubles = (op: IntegerOperation, a: number, b: number): number =>
  op === 'add' ? a + b : op === 'subtract' ? a - b : a * b;

/** `values` combined by `op`, left to right, typed as mongod types the result. */
export function typedArithmetic(op: IntegerOperation, values: unknown[]): unknown {
  const kind = widest(values);
  const asDoubles = () => asDouble(values.map(toNumber).reduce((a, b) => inDoubles(op, a, b)));
  if (kind === 'double') return asDoubles();
  let r = toBigInt(values[0]);
  for (const v of values.slice(1)) {
    r = exact(op, r, toBigInt(v));
    // mongod's $multiply gives up on integers at the first overflowing step; $add and $subtract only
    // look at the total.
    if (op === 'multiply' && !fitsLong(r)) return asDoubles();
  }
  return fitsLong(r) ? intOrLong(r, kind) : asDoubles();
}

const isNumber = (v: unknown): boolean => typedKind(v) !== undefined;

/** `$sum` over accumulated values (none a decimal): non-numbers are ignored; no numbers sum to int 0. */
export function typedSum(values: unknown[]): unknown {
  return typedArithmetic('add', [0, ...values.filter(isNumber)]);
}

/** `$avg` over values (none a decimal): a double, as mongod answers; null without numbers. */
export function typedAverage(values: unknown[]): unknown {
  const numbers = values.filter(isNumber).map(toNumber);
  return numbers.length === 0 ? null : asDouble(numbers.reduce((a, b) => a + b, 0) / numbers.length);
}
