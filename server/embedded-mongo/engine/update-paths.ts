import { mongoError } from '../errors';
import { compareStrings } from './compare';
import { formatValue } from './format';
import { isPlainObject, type Doc } from './values';

/**
 * Field paths of update operators: parsing with mongod's errors, conflict detection, positional
 * expansion (`$`, `$[]`, `$[id]`) and navigation in the working copy an update modifies.
 */

export type Container = Doc | unknown[];

const INDEX = /^\d+$/;
export const isIndex = (part: string): boolean => INDEX.test(part);
const isContainer = (v: unknown): v is Container => Array.isArray(v) || isPlainObject(v);

export const isPositional = (part: string): boolean => part === '$' || (part.startsWith('$[') && part.endsWith(']'));

/** The identifier of a `$[id]` component, or undefined for `$`, `$[]` and plain names. */
export function arrayFilterIdentifier(part: string): string | undefined {
  return part.startsWith('$[') && part.endsWith(']') && part.length > 3 ? part.slice(2, -1) : undefined;
}

/** A copy of the plain objects and arrays of a value; other values (ObjectId, Date, wrappers) are shared. */
export function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepCopy) as T;
  if (!isPlainObject(v)) return v;
  const out: Doc = {};
  for (const [k, x] of Object.entries(v)) setField(out, k, deepCopy(x));
  return out as T;
}

/** Assigns a field; `__proto__` is defined as an own field rather than changing the prototype. */
export function setField(obj: Doc, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Splits and checks an update path as mongod does. */
export function parseUpdatePath(path: string): string[] {
  if (path === '') throw mongoError('EmptyFieldName', 'An empty update path is not valid.');
  const parts = path.split('.');
  if (parts.includes(''))
    throw mongoError('EmptyFieldName', `The update path '${path}' contains an empty field name, which is not allowed.`);
  let positional = 0;
  parts.forEach((part, i) => {
    if (!part.startsWith('$')) return;
    if (!isPositional(part))
      throw mongoError(
        'DollarPrefixedFieldName',
        `The dollar ($) prefixed field '${part}' in '${path}' is not valid for storage.`,
      );
    if (i === 0) {
      const what = part === '$' ? "positional (i.e. '$')" : "array filter identifier (i.e. '$[<id>]')";
      throw mongoError('BadValue', `Cannot have ${what} element in the first position in path '${path}'`);
    }
    if (part === '$' && ++positional > 1)
      throw mongoError('BadValue', `Too many positional (i.e. '$') elements found in path '${path}'`);
  });
  return parts;
}

/**
 * Records paths one by one and reports the first that overlaps one recorded before (equal, or one a
 * prefix of the other): `conflict(newPath, at)` builds the error, `at` being the shorter path.
 */
export class PathConflicts {
  private readonly full = new Set<string>();
  private readonly prefixes = new Set<string>();

  constructor(private readonly conflict: (path: string, at: string) => Error) {}

  add(parts: readonly string[]): void {
    const path = parts.join('.');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      if (this.full.has(prefix)) throw this.conflict(path, prefix);
    }
    if (this.prefixes.has(path)) throw this.conflict(path, path);
    this.full.add(path);
    for (let i = 1; i < parts.length; i++) this.prefixes.add(parts.slice(0, i).join('.'));
  }
}

/** MongoDB applies an update's fields in lexicographic order, numeric names in numeric order. */
export function comparePaths(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (isIndex(x) && isIndex(y)) return Number(x) - Number(y);
    return compareStrings(x, y);
  }
  return a.length - b.length;
}

export function getChild(container: unknown, key: string): unknown {
  if (Array.isArray(container)) return isIndex(key) ? container[Number(key)] : undefined;
  return isPlainObject(container) && Object.hasOwn(container, key) ? container[key] : undefined;
}

/** MongoDB fills the gap with nulls when an update sets an array element past the end. */
const MAX_BACKFILL = 1_500_000;

export function setChild(container: Container, key: string, value: unknown): void {
  if (!Array.isArray(container)) return setField(container, key, value);
  const index = Number(key);
  if (index - container.length > MAX_BACKFILL)
    throw mongoError('BadValue', `can't backfill more than ${MAX_BACKFILL} elements`);
  while (container.length < index) container.push(null);
  container[index] = value;
}

/** `$unset` of an array element leaves a null in its place, as in MongoDB; a field is removed. */
export function removeChild(container: Container, key: string): void {
  if (!Array.isArray(container)) delete container[key];
  else if (Number(key) < container.length) container[Number(key)] = null;
}

/** Where a path leads: the container holding its last component, and that component. */
export interface Slot {
  container: Container;
  key: string;
}

/** The slot of an existing parent, or undefined when the path cannot lead anywhere in this document. */
export function findSlot(doc: Doc, parts: readonly string[]): Slot | undefined {
  let container: Container = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = getChild(container, parts[i]!);
    if (!isContainer(next)) return undefined;
    container = next;
  }
  const key = parts[parts.length - 1]!;
  return Array.isArray(container) && !isIndex(key) ? undefined : { container, key };
}

const notViable = (field: string, name: string, value: unknown) =>
  mongoError('PathNotViable', `Cannot create field '${field}' in element {${name}: ${formatValue(value)}}`);

/** The slot of a path, creating missing subdocuments on the way; PathNotViable through a scalar. */
export function makeSlot(doc: Doc, parts: readonly string[]): Slot {
  let container: Container = doc;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (Array.isArray(container) && !isIndex(part)) throw notViable(part, parts[i - 1] ?? '', container);
    if (i === parts.length - 1) break;
    let next = getChild(container, part);
    if (next === undefined) {
      next = {};
      setChild(container, part, next);
    } else if (!isContainer(next)) {
      throw notViable(parts[i + 1]!, part, next);
    }
    container = next as Container;
  }
  return { container, key: parts[parts.length - 1]! };
}

/** The value at a path, following arrays only by position. */
export function valueAt(doc: unknown, parts: readonly string[]): unknown {
  let v = doc;
  for (const part of parts) {
    v = getChild(v, part);
    if (v === undefined) return undefined;
  }
  return v;
}

export interface PositionalResolver {
  /** The array index the positional `$` stands for, after `prefix`. */
  positionalIndex(prefix: string[]): number;
  /** The test of the array filter named by `identifier`. */
  arrayFilter(identifier: string): (element: unknown) => boolean;
}

/** The concrete paths a path with `$`, `$[]` or `$[id]` components designates in this document. */
export function expandPositional(doc: Doc, parts: string[], resolver: PositionalResolver): string[][] {
  const i = parts.findIndex(isPositional);
  if (i < 0) return [parts];
  const prefix = parts.slice(0, i);
  const rest = parts.slice(i + 1);
  const token = parts[i]!;
  if (token === '$')
    return expandPositional(doc, [...prefix, String(resolver.positionalIndex(prefix)), ...rest], resolver);
  const array = valueAt(doc, prefix);
  if (array === undefined) {
    throw mongoError(
      'BadValue',
      `The path '${prefix.join('.')}' must exist in the document in order to apply array updates.`,
    );
  }
  if (!Array.isArray(array)) {
    throw mongoError(
      'BadValue',
      `Cannot apply array updates to non-array element ${prefix[prefix.length - 1]}: ${formatValue(array)}`,
    );
  }
  const identifier = arrayFilterIdentifier(token);
  const test = identifier === undefined ? () => true : resolver.arrayFilter(identifier);
  const out: string[][] = [];
  array.forEach((element, index) => {
    if (test(element)) out.push(...expandPositional(doc, [...prefix, String(index), ...rest], resolver));
  });
  return out;
}
