import { Binary, Decimal128, Double, Long, ObjectId } from 'bson';
import { isPlainObject } from './values';

/** Renders a value the way mongod prints it in error messages, e.g. `{ name: "a", _id: ObjectId('…') }`. */
export function formatValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof ObjectId) return `ObjectId('${v.toHexString()}')`;
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (v instanceof Long) return v.toString();
  if (v instanceof Double) return v.value.toFixed(1);
  if (v instanceof Decimal128) return v.toString();
  if (v instanceof Binary) return `BinData(${v.sub_type}, ${Buffer.from(v.value()).toString('hex')})`;
  if (Array.isArray(v)) return `[ ${v.map(formatValue).join(', ')} ]`;
  if (isPlainObject(v)) return formatKeyValue(v);
  return String(v);
}

export function formatKeyValue(obj: Record<string, unknown>): string {
  const entries = Object.entries(obj);
  if (!entries.length) return '{}';
  return `{ ${entries.map(([k, x]) => `${k}: ${formatValue(x)}`).join(', ')} }`;
}
