import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from 'bson';
import { mongoError } from '../errors';
import { isPlainObject } from './values';

/**
 * BSON type codes and names as mongod uses them in `$type` and in error messages. In this server's value
 * model a plain JS number is an int32 when it is whole and in the int32 range, else a double (see values.ts).
 */
const TYPE_NAMES: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  12: 'dbPointer',
  13: 'javascript',
  14: 'symbol',
  15: 'javascriptWithScope',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
};

const CODES_BY_NAME = new Map(Object.entries(TYPE_NAMES).map(([code, name]) => [name, Number(code)]));

export const isInt32 = (n: number): boolean =>
  Number.isInteger(n) && n >= -0x80000000 && n <= 0x7fffffff && !Object.is(n, -0);

/** The BSON type code of a stored value; undefined for a missing field. */
export function bsonTypeCode(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (v === null) return 10;
  switch (typeof v) {
    case 'number':
      return isInt32(v) ? 16 : 1;
    case 'bigint':
      return 18;
    case 'string':
      return 2;
    case 'boolean':
      return 8;
    default:
      break;
  }
  if (Array.isArray(v)) return 4;
  if (isPlainObject(v)) return 3;
  if (v instanceof Double) return 1;
  if (v instanceof Int32) return 16;
  if (v instanceof Long) return 18;
  if (v instanceof Decimal128) return 19;
  if (v instanceof ObjectId) return 7;
  if (v instanceof Date) return 9;
  if (v instanceof RegExp || v instanceof BSONRegExp) return 11;
  if (v instanceof Binary || ArrayBuffer.isView(v)) return 5;
  if (v instanceof Timestamp) return 17;
  if (v instanceof MinKey) return -1;
  if (v instanceof MaxKey) return 127;
  if (v instanceof BSONSymbol) return 14;
  if (v instanceof Code) return v.scope ? 15 : 13;
  return 3; // DBRef and other embedded documents
}

/** mongod's name for a value's type ("int", "string", "objectId", ...), "missing" for a missing field. */
export function bsonTypeName(v: unknown): string {
  const code = bsonTypeCode(v);
  return code === undefined ? 'missing' : (TYPE_NAMES[code] ?? 'object');
}

const NUMBER_CODES = [1, 16, 18, 19];

/**
 * The type codes one `$type` argument stands for: a code, a name, or the alias "number". Errors are
 * mongod's.
 */
export function parseTypeSpec(spec: unknown): number[] {
  if (typeof spec === 'string') {
    if (spec === 'number') return NUMBER_CODES;
    const code = CODES_BY_NAME.get(spec);
    if (code === undefined) throw mongoError('BadValue', `Unknown type name alias: ${spec}`);
    return [code];
  }
  const n =
    spec instanceof Double || spec instanceof Int32 ? spec.value : spec instanceof Long ? spec.toNumber() : spec;
  if (typeof n !== 'number') throw mongoError('TypeMismatch', 'type must be represented as a number or a string');
  if (!Number.isInteger(n) || TYPE_NAMES[n] === undefined)
    throw mongoError('BadValue', `Invalid numerical type code: ${n}`);
  return [n];
}
