import { Decimal128, Double, Int32, Long } from 'bson';
import { isInt32 } from './bson-types';
import { decimalArithmetic } from './decimal';

/**
 * Arithmetic of `$inc`, `$mul` and `$bit` with MongoDB's numeric type rules: the result has the wider
 * type of the two operands (int < long < double < decimal); int32 overflow gives a long; long overflow
 * is an error (undefined here). Integers are computed exactly with BigInt, decimals with decimal.js
 * (decimal.ts). Results are returned in the value model of values.ts: int as a plain number, long as
 * `Long`, double as a plain number unless it would read back as an int (then `Double`), decimal as
 * `Decimal128`.
 */

export type NumericKind = 'int' | 'long' | 'double' | 'decimal';

const WIDTH: Record<NumericKind, number> = { int: 0, long: 1, double: 2, decimal: 3 };

export function numericKind(v: unknown): NumericKind | undefined {
  if (typeof v === 'number') return isInt32(v) ? 'int' : 'double';
  if (v instanceof Int32) return 'int';
  if (v instanceof Long) return 'long';
  if (v instanceof Double) return 'double';
  if (v instanceof Decimal128) return 'decimal';
  return undefined;
}

export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof Int32 || v instanceof Double) return v.value;
  if (v instanceof Long) return v.toNumber();
  return Number((v as Decimal128).toString());
}

export function toBigInt(v: unknown): bigint {
  if (v instanceof Long) return v.toBigInt();
  return BigInt(toNumber(v));
}

/** A double in the value model: a plain number unless BSON would write that number as an int32. */
export function asDouble(n: number): number | Double {
  return isInt32(n) ? new Double(n) : n;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
export const fitsLong = (r: bigint): boolean => r >= INT64_MIN && r <= INT64_MAX;

/**
 * An integer result that fits 64 bits: an int when `kind` is int and it fits 32 bits, else a long (mongod's
 * createIntOrLong). Shared with aggregation's arithmetic (typed-arithmetic.ts).
 */
export function intOrLong(r: bigint, kind: NumericKind): number | Long {
  return kind === 'int' && r >= -0x80000000n && r <= 0x7fffffffn ? Number(r) : Long.fromBigInt(r);
}

const integerResult = (r: bigint, kind: NumericKind): unknown => (fitsLong(r) ? intOrLong(r, kind) : undefined);

export const wider = (a: NumericKind, b: NumericKind): NumericKind => (WIDTH[a] >= WIDTH[b] ? a : b);

/** `$inc` (add) or `$mul` (multiply); undefined when a long result overflows 64 bits. */
export function arithmetic(op: 'add' | 'multiply', current: unknown, operand: unknown): unknown {
  const kind = wider(numericKind(current)!, numericKind(operand)!);
  if (kind === 'decimal') return decimalArithmetic(op, current, operand);
  if (kind === 'double') {
    const a = toNumber(current);
    const b = toNumber(operand);
    return asDouble(op === 'add' ? a + b : a * b);
  }
  const a = toBigInt(current);
  const b = toBigInt(operand);
  return integerResult(op === 'add' ? a + b : a * b, kind);
}

/** The zero `$mul` sets on a missing field: of the multiplier's type. */
export function zeroLike(operand: unknown): unknown {
  switch (numericKind(operand)) {
    case 'long':
      return Long.fromNumber(0);
    case 'double':
      return new Double(0);
    case 'decimal':
      return Decimal128.fromString('0');
    default:
      return 0;
  }
}

export const isIntegral = (v: unknown): boolean => {
  const kind = numericKind(v);
  return kind === 'int' || kind === 'long';
};

/** One `$bit` operation on int/long values; the result is a long when either side is. */
export function bitwise(op: 'and' | 'or' | 'xor', current: unknown, operand: unknown): unknown {
  const a = toBigInt(current);
  const b = toBigInt(operand);
  const r = BigInt.asIntN(64, op === 'and' ? a & b : op === 'or' ? a | b : a ^ b);
  return integerResult(r, wider(numericKind(current)!, numericKind(operand)!));
}
