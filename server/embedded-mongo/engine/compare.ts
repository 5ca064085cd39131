import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from 'bson';
import { compareWithDecimal, decimalIdKey } from './decimal';
import { isPlainObject } from './values';

/**
 * MongoDB's comparison order across BSON types (the manual's "Comparison/Sort Order"):
 * MinKey < null/missing < numbers < strings < objects < arrays < BinData < ObjectId < booleans < dates
 * < timestamps < regular expressions < MaxKey. Numbers of every type compare by value.
 */
export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 2;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
    case 'object':
      break;
    default:
      return 14;
  }
  if (v instanceof MinKey) return 1;
  // bson's Timestamp extends Long: test for it before the numbers.
  if (v instanceof Timestamp) return 11;
  if (v instanceof MaxKey) return 13;
  if (v instanceof Double || v instanceof Int32 || v instanceof Long || v instanceof Decimal128) return 3;
  if (v instanceof BSONSymbol) return 4;
  if (Array.isArray(v)) return 6;
  if (v instanceof Binary || ArrayBuffer.isView(v)) return 7;
  if (v instanceof ObjectId) return 8;
  if (v instanceof Date) return 10;
  if (v instanceof RegExp || v instanceof BSONRegExp) return 12;
  return 5; // embedded document
}

const cmp = (a: number | bigint | string, b: number | bigint | string): number => (a < b ? -1 : a > b ? 1 : 0);

/** UTF-16 code units reordered so that comparing them gives code point (= UTF-8 byte) order. */
const fixup = (c: number): number => (c >= 0xd800 && c <= 0xdfff ? c + 0x2000 : c >= 0xe000 ? c - 0x800 : c);

export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return cmp(fixup(x), fixup(y));
  }
  return cmp(a.length, b.length);
}

type ObjectIdParts = Partial<Record<'i0' | 'i1' | 'i2' | 'i3', number>>;

/**
 * Byte order of two ObjectIds. bson 7 keeps one as four 24-bit numbers, big-endian thirds of its 12 bytes,
 * and its `id` getter builds a new Buffer on every call: in index trees, where ObjectIds are compared at
 * every level, those allocations were a large part of a write's CPU. Another bson layout falls back to `id`.
 */
export function compareObjectIds(a: ObjectId, b: ObjectId): number {
  const [x, y] = [a as unknown as ObjectIdParts, b as unknown as ObjectIdParts];
  if (typeof x.i3 !== 'number' || typeof y.i3 !== 'number') return Buffer.compare(a.id, b.id);
  if (x.i0 !== y.i0) return x.i0! < y.i0! ? -1 : 1;
  if (x.i1 !== y.i1) return x.i1! < y.i1! ? -1 : 1;
  if (x.i2 !== y.i2) return x.i2! < y.i2! ? -1 : 1;
  return x.i3 === y.i3 ? 0 : x.i3 < y.i3 ? -1 : 1;
}

/** A number, or a bigint for a Long beyond 2^53 (so large Longs keep exact order among themselves). */
function numericValue(v: unknown): number | bigint {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (v instanceof Double || v instanceof Int32) return v.value;
  if (v instanceof Long)
    return v.lessThanOrEqual(Long.fromNumber(Number.MAX_SAFE_INTEGER)) &&
      v.greaterThanOrEqual(Long.fromNumber(Number.MIN_SAFE_INTEGER))
      ? v.toNumber()
      : v.toBigInt();
  if (v instanceof Decimal128) return Number(v.toString());
  return NaN;
}

export function compareNumbers(a: unknown, b: unknown): number {
  if (a instanceof Decimal128 || b instanceof Decimal128) return compareWithDecimal(a, b);
  const x = numericValue(a);
  const y = numericValue(b);
  // NaN sorts below every other number and equals itself, as in MongoDB.
  const xNaN = typeof x === 'number' && Number.isNaN(x);
  const yNaN = typeof y === 'number' && Number.isNaN(y);
  if (xNaN || yNaN) return xNaN && yNaN ? 0 : xNaN ? -1 : 1;
  if (typeof x === typeof y) return cmp(x, y);
  // One bigint, one number: compare exactly when the number is whole, else by the bigint's approximation.
  if (typeof x === 'bigint') return Number.isInteger(y) ? cmp(x, BigInt(y)) : cmp(Number(x), y);
  return Number.isInteger(x) ? cmp(BigInt(x), y as bigint) : cmp(x, Number(y));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  // MongoDB orders BinData by length first, then subtype, then bytes.
  if (a.length !== b.length) return cmp(a.length, b.length);
  return Buffer.compare(a, b);
}

function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const fa = ka[i]!;
    const fb = kb[i]!;
    const va = a[fa];
    const vb = b[fb];
    const byType = cmp(typeRank(va), typeRank(vb));
    if (byType) return byType;
    const byName = compareStrings(fa, fb);
    if (byName) return byName;
    const byValue = compareValues(va, vb);
    if (byValue) return byValue;
  }
  return cmp(ka.length, kb.length);
}

/** Total order over BSON values, as MongoDB compares them (without collation). */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return cmp(ra, rb);
  switch (ra) {
    case 1:
    case 2:
    case 13:
      return 0;
    case 3:
      return compareNumbers(a, b);
    case 4:
      return compareStrings(
        String(a instanceof BSONSymbol ? a.value : a),
        String(b instanceof BSONSymbol ? b.value : b),
      );
    case 5:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>);
    case 6: {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(x[i], y[i]);
        if (c) return c;
      }
      return cmp(x.length, y.length);
    }
    case 7: {
      const x = a instanceof Binary ? a : new Binary(a as Uint8Array);
      const y = b instanceof Binary ? b : new Binary(b as Uint8Array);
      if (x.position !== y.position) return cmp(x.position, y.position);
      if (x.sub_type !== y.sub_type) return cmp(x.sub_type, y.sub_type);
      return compareBytes(x.value(), y.value());
    }
    case 8:
      return compareObjectIds(a as ObjectId, b as ObjectId);
    case 9:
      return cmp(Number(a), Number(b));
    case 10:
      return cmp((a as Date).getTime(), (b as Date).getTime());
    case 11:
      return (a as Timestamp).compare(b as Timestamp);
    case 12: {
      const x = a as RegExp | BSONRegExp;
      const y = b as RegExp | BSONRegExp;
      const sx = x instanceof RegExp ? x.source : x.pattern;
      const sy = y instanceof RegExp ? y.source : y.pattern;
      return (
        compareStrings(sx, sy) ||
        compareStrings(x instanceof RegExp ? x.flags : x.options, y instanceof RegExp ? y.flags : y.options)
      );
    }
    default:
      return 0;
  }
}

export const valuesEqual = (a: unknown, b: unknown): boolean => compareValues(a, b) === 0;

/**
 * A string that is equal for two values exactly when MongoDB considers them equal (1, 1.0 and Long(1)
 * alike), used to key documents by `_id` in a Map.
 */
export function idKey(v: unknown): string {
  if (v === undefined || v === null) return 'z';
  switch (typeRank(v)) {
    case 3: {
      if (v instanceof Decimal128) return `n${decimalIdKey(v)}`;
      const n = numericValue(v);
      return typeof n === 'bigint' ? `n${n}` : Number.isNaN(n) ? 'nNaN' : `n${n === 0 ? 0 : n}`;
    }
    case 4:
      return `s${v instanceof BSONSymbol ? v.value : String(v)}`;
    case 8:
      return `o${(v as ObjectId).toHexString()}`;
    case 9:
      return `b${String(v)}`;
    case 10:
      return `d${(v as Date).getTime()}`;
    case 6:
      return `a[${(v as unknown[]).map(idKey).join(',')}]`;
    case 5:
      return `{${Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => `${JSON.stringify(k)}:${idKey(x)}`)
        .join(',')}}`;
    case 7: {
      const bin = v instanceof Binary ? v : new Binary(v as Uint8Array);
      return `x${bin.sub_type}:${Buffer.from(bin.value()).toString('base64')}`;
    }
    default:
      return `t${typeRank(v)}:${String(v)}`;
  }
}

export { isPlainObject };
