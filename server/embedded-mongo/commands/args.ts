import { Decimal128, Double, Int32, Long } from 'bson';
import { mongoError } from '../errors';
import { type Doc, isPlainObject } from '../engine/values';

/**
 * Reading command fields with mongod's own type errors, e.g.
 * "BSON field 'find.limit' is the wrong type 'string', expected types '[long, int, decimal, double]'".
 */
function bsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'missing';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Long) return 'long';
  if (v instanceof Double) return 'double';
  if (v instanceof Decimal128) return 'decimal';
  if (isPlainObject(v)) return 'object';
  return (v as { _bsontype?: string })._bsontype?.toLowerCase() ?? typeof v;
}

function wrongType(cmdName: string, field: string, v: unknown, expected: string): never {
  throw mongoError(
    'TypeMismatch',
    `BSON field '${cmdName}.${field}' is the wrong type '${bsonTypeName(v)}', expected type${expected.startsWith('[') ? 's' : ''} '${expected}'`,
  );
}

export const commandName = (cmd: Doc): string => Object.keys(cmd)[0] ?? '';

export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof Long || v instanceof Double || v instanceof Int32) return Number(v.valueOf());
  if (v instanceof Decimal128) return Number(v.toString());
  return undefined;
}

export function optNumber(cmd: Doc, field: string): number | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  const n = asNumber(v);
  if (n === undefined) wrongType(commandName(cmd), field, v, '[long, int, decimal, double]');
  return n;
}

/** A non-negative whole number (limit, skip, batchSize). */
export function optCount(cmd: Doc, field: string): number | undefined {
  const n = optNumber(cmd, field);
  if (n === undefined) return undefined;
  if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n)) {
    throw mongoError('BadValue', `BSON field '${field}' value must be >= 0, actual value '${n}'`);
  }
  return n;
}

export function optDoc(cmd: Doc, field: string): Doc | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) wrongType(commandName(cmd), field, v, 'object');
  return v;
}

export function optArray(cmd: Doc, field: string): unknown[] | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) wrongType(commandName(cmd), field, v, 'array');
  return v;
}

export function optBool(cmd: Doc, field: string): boolean | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  const n = asNumber(v);
  if (n !== undefined) return n !== 0;
  return wrongType(commandName(cmd), field, v, '[bool, long, int, decimal, double]');
}

export function reqString(cmd: Doc, field: string): string {
  const v = cmd[field];
  if (typeof v !== 'string') wrongType(commandName(cmd), field, v, 'string');
  return v;
}

/** The collection a command names in its first field. */
export function targetCollection(cmd: Doc): string {
  const name = commandName(cmd);
  const v = cmd[name];
  if (typeof v !== 'string' || !v) {
    throw mongoError('InvalidNamespace', `collection name has invalid type ${bsonTypeName(v)}`);
  }
  return v;
}

export function docArray(cmd: Doc, field: string): Doc[] {
  const arr = optArray(cmd, field) ?? [];
  arr.forEach((d, i) => {
    if (!isPlainObject(d)) wrongType(commandName(cmd), `${field}.${i}`, d, 'object');
  });
  return arr as Doc[];
}

/** The reply shape of every cursor-returning command. */
export function cursorReply(ns: string, id: Long, docs: Doc[], key: 'firstBatch' | 'nextBatch'): Doc {
  return { cursor: { id, ns, [key]: docs }, ok: 1 };
}
