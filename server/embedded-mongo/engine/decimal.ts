import { Decimal128, Double, Int32, Long, Timestamp } from 'bson';
import Decimal from 'decimal.js';

/**
 * Exact Decimal128 arithmetic and comparison (bson stores decimals but computes nothing). decimal.js is
 * set to Decimal128's precision (34 digits, half-even rounding, its exponent range), so a result
 * is what mongod computes, except that trailing zeros are not kept (mongod answers 1.0 + 2.00 as
 * 3.00, this server as 3: the same number).
 */
const D = Decimal.clone({
  precision: 34,
  rounding: Decimal.ROUND_HALF_EVEN,
  minE: -6176,
  maxE: 6144,
  toExpNeg: -7,
  toExpPos: 34,
});
type Dec = InstanceType<typeof D>;

const bits = new DataView(new ArrayBuffer(8));

/** The exact value of a double (0.1 is 0.1000000000000000055511151231257827…), as mongod compares them. */
function exactDouble(x: number): Dec {
  if (!Number.isFinite(x) || Number.isInteger(x)) return new D(Number.isInteger(x) ? BigInt(x).toString() : x);
  bits.setFloat64(0, x);
  const hi = bits.getUint32(0);
  const exponent = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(bits.getUint32(4));
  if (exponent !== 0) mantissa |= 1n << 52n;
  const shift = 1075 - (exponent || 1); // x = ±mantissa / 2^shift, and 1 / 2^k = 5^k / 10^k
  const digits = (mantissa * 5n ** BigInt(shift)).toString();
  return new D(`${x < 0 ? '-' : ''}${digits}e-${shift}`);
}

/**
 * A BSON number as a decimal. `forArithmetic` converts a double as mongod's Decimal128(double) does,
 * to 15 significant digits (so 0.1 + Decimal128 0.2 is exactly 0.3); comparisons use its exact value.
 */
export function toDecimal(v: unknown, forArithmetic = false): Dec {
  if (v instanceof Decimal128) return new D(v.toString());
  if (v instanceof Long && !(v instanceof Timestamp)) return new D(v.toString());
  if (v instanceof Int32) return new D(v.value);
  const n = v instanceof Double ? v.value : (v as number);
  if (forArithmetic && Number.isFinite(n) && !Number.isInteger(n)) return new D(n.toPrecision(15));
  return exactDouble(n);
}

/** A decimal.js value as a Decimal128 (already rounded to 34 digits by the arithmetic). */
export function toDecimal128(d: Dec): Decimal128 {
  if (d.isNaN()) return Decimal128.fromString('NaN');
  if (d.isZero() && d.isNegative()) return Decimal128.fromString('-0');
  return Decimal128.fromString(d.toString());
}

export type DecimalOperation = 'add' | 'subtract' | 'multiply' | 'divide';

/** `a op b` where at least one side is a Decimal128: exact, as a Decimal128. */
export function decimalArithmetic(op: DecimalOperation, a: unknown, b: unknown): Decimal128 {
  const x = toDecimal(a, true);
  const y = toDecimal(b, true);
  const r = op === 'add' ? x.plus(y) : op === 'subtract' ? x.minus(y) : op === 'multiply' ? x.times(y) : x.dividedBy(y);
  return toDecimal128(r);
}

/** Orders two BSON numbers of which one at least is a Decimal128; NaN lowest and equal to itself. */
export function compareWithDecimal(a: unknown, b: unknown): number {
  const x = toDecimal(a);
  const y = toDecimal(b);
  if (x.isNaN() || y.isNaN()) return x.isNaN() && y.isNaN() ? 0 : x.isNaN() ? -1 : 1;
  return x.comparedTo(y);
}

/**
 * A string equal for equal numbers whatever their type, for a Decimal128: the double's text when the
 * decimal is exactly a double (so Decimal128 1 keys as 1), else the decimal's own digits.
 */
export function decimalIdKey(v: Decimal128): string {
  const d = toDecimal(v);
  if (d.isNaN()) return 'NaN';
  const n = d.toNumber();
  if (d.isZero()) return '0';
  return Number.isFinite(n) && exactDouble(n).equals(d) ? String(n) : `d${d.toString()}`;
}

export const isDecimal = (v: unknown): v is Decimal128 => v instanceof Decimal128;
