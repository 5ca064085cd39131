import { BSON, Decimal128, Double, Int32, Long, Timestamp } from 'bson';

/**
 * How the embedded server holds BSON values in memory.
 *
 * Documents are plain JS objects, so the query engine (mingo) can work on them, with one twist that keeps
 * every BSON type round-tripping exactly: a value is a JS number whenever `BSON.serialize` would write it
 * back with the same type (every Int32, every Double that is not a whole number in the int32 range), and
 * stays a bson wrapper (`Double`, `Long`, `Decimal128`) only where a plain number would come back as
 * another type. Those wrappers are rare (mongoose never sends them unless a schema asks), and
 * `comparableView` turns them into numbers for matching.
 *
 * Stored documents are never mutated in place: a write replaces the document object, so a cursor or a
 * snapshot that holds a reference keeps a consistent version.
 */
export type Doc = Record<string, unknown>;

const TYPED: BSON.DeserializeOptions = {
  promoteValues: false,
  promoteLongs: false,
  promoteBuffers: false,
  bsonRegExp: false,
};

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Turns the wrappers that `promoteValues: false` produces into this module's representation. */
export function normalizeValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Int32) return v.value;
  if (v instanceof Double) {
    const n = v.value;
    return Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX && !Object.is(n, -0) ? v : n;
  }
  if (Array.isArray(v)) return v.map(normalizeValue);
  if (isPlainObject(v)) {
    for (const k of Object.keys(v)) v[k] = normalizeValue(v[k]);
    return v;
  }
  return v; // Long, Decimal128, ObjectId, Binary, Date, RegExp, Timestamp, MinKey, MaxKey, ...
}

/** Decodes one BSON document from the wire or from disk. */
export function decodeDocument(bytes: Uint8Array): Doc {
  return normalizeValue(BSON.deserialize(bytes, TYPED)) as Doc;
}

/** Encodes a document exactly (keys are not checked: field names were validated when written). */
export function encodeDocument(doc: Doc): Uint8Array {
  return BSON.serialize(doc, { checkKeys: false, ignoreUndefined: false });
}

/** A number for a numeric wrapper, else the value itself. Long beyond 2^53 loses precision here only. */
export function toComparable(v: unknown): unknown {
  if (v instanceof Timestamp) return v;
  if (v instanceof Double) return v.value;
  if (v instanceof Long) return v.toNumber();
  if (v instanceof Decimal128) return Number(v.toString());
  return v;
}

/** Whether a value holds a Double or Long wrapper to convert. */
function hasWrappedNumber(v: unknown): boolean {
  if (v instanceof Timestamp) return false;
  if (v instanceof Double || v instanceof Long) return true;
  if (Array.isArray(v)) return v.some(hasWrappedNumber);
  if (isPlainObject(v)) return Object.values(v).some(hasWrappedNumber);
  return false;
}

function deepComparable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(deepComparable);
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const [k, x] of Object.entries(v)) out[k] = deepComparable(x);
    return out;
  }
  return v instanceof Decimal128 ? v : toComparable(v);
}

/**
 * The document as mingo's query side sees it: Long and Double wrappers become plain numbers;
 * Decimal128 stays, for exact comparison. Returns the same object when there is nothing to convert
 * (the usual case), so it costs nothing for most documents. Aggregation stages see documents as
 * stored, wrappers and all, so that numbers keep their types (expression-operators.ts).
 */
export function comparableView<T>(v: T): T {
  return hasWrappedNumber(v) ? (deepComparable(v) as T) : v;
}

export function isNumeric(v: unknown): boolean {
  if (v instanceof Timestamp) return false;
  return (
    typeof v === 'number' || v instanceof Double || v instanceof Long || v instanceof Decimal128 || v instanceof Int32
  );
}

export { isPlainObject };
