import { Long, Timestamp } from 'bson';
import { isInt32 } from './bson-types';
import { asDouble } from './update-arithmetic';

/**
 * Aggregation arithmetic with a Long among its operands, by MongoDB's type rules: integers (int and
 * long) give a long, computed exactly, and a double only when the result overflows 64 bits; a
 * non-integral number makes it a double. Decimal128 and dates are handled before this is reached.
 */

export type IntegerOperation = 'add' | 'subtract' | 'multiply';

/** A Long, not a Timestamp (which bson derives from Long). */
export const isLong = (v: unknown): v is Long => v instanceof Long && !(v instanceof Timestamp);

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const asNumber = (v: unknown): number => (isLong(v) ? v.toNumber() : (v as number));

/** Whether every value is a JS number or a Long: what this arithmetic takes. */
export const allNumbers = (values: unknown[]): boolean => values.every((v) => typeof v === 'number' || isLong(v));

/** `values` combined by `op`, left to right: a Long, or a double on overflow or with a fraction. */
export function longArithmetic(op: IntegerOperation, values: unknown[]): unknown {
  const integral = values.every((v) => isLong(v) || isInt32(v as number));
  if (!integral) {
    const numbers = values.map(asNumber);
    return asDouble(numbers.reduce((a, b) => (op === 'add' ? a + b : op === 'subtract' ? a - b : a * b)));
  }
  const big = values.map((v) => (isLong(v) ? v.toBigInt() : BigInt(v as number)));
  const r = big.reduce((a, b) => (op === 'add' ? a + b : op === 'subtract' ? a - b : a * b));
  return r >= INT64_MIN && r <= INT64_MAX ? Long.fromBigInt(r) : asDouble(Number(r));
}

/** `$sum` over accumulated values of which some are Long: non-numbers are ignored, as mongod does. */
export function longSum(values: unknown[]): unknown {
  const numbers = values.filter((v) => typeof v === 'number' || isLong(v));
  return longArithmetic('add', [Long.fromNumber(0), ...numbers]);
}

/** `$avg` over values of which some are Long: a double, as mongod answers; null without numbers. */
export function longAverage(values: unknown[]): unknown {
  const numbers = values.filter((v) => typeof v === 'number' || isLong(v)).map(asNumber);
  return numbers.length === 0 ? null : asDouble(numbers.reduce((a, b) => a + b, 0) / numbers.length);
}
