import { mongoError } from '../errors';
import { EMPTY_ARRAY_KEY, POSITION } from './paths';
import { isPlainObject } from './values';

/**
 * The keys a document gives an index, generated as mongod's B-tree key generator does: the paths are
 * followed together, and at an array every path that goes through that same array takes the same
 * element, one key per element (`{ 'a.x': 1, 'a.y': 1 }` over `a: [{x: 1, y: 1}, {x: 2, y: 2}]` keys
 * (1, 1) and (2, 2), not every pair). Paths that meet two different arrays at one level are parallel
 * arrays, which mongod refuses (171). A missing path is null, an empty array at the end of a path is
 * `EMPTY_ARRAY_KEY`, and a numeric path part on an array picks that element.
 */

export interface GeneratedKeys {
  /** Key tuples of document values (not folded, not deduplicated). */
  keys: unknown[][];
  /** Per field, the path prefixes where it went through an array: mongod's multikey paths. */
  arrayPrefixes: string[][];
}

interface Context {
  paths: string[][];
  sparse: boolean;
  out: GeneratedKeys;
}

/** Follows `parts` from `obj` through subdocuments until it ends, is missing, or meets an array. */
function extract(obj: unknown, parts: string[]): { value: unknown; consumed: number } {
  let value = obj;
  let k = 0;
  while (k < parts.length) {
    if (Array.isArray(value)) {
      if (!POSITION.test(parts[k]!)) break;
      value = value[Number(parts[k])];
    } else if (isPlainObject(value)) {
      value = value[parts[k]!];
    } else {
      return { value: undefined, consumed: k };
    }
    k++;
  }
  return { value, consumed: k };
}

/**
 * One level of the walk: `rest[i]` is what is left of field i's path below `obj` (null once the field
 * has its value in `fixed[i]`), `notFound` how many fields were missing on the way here.
 */
function expand(ctx: Context, obj: unknown, rest: (string[] | null)[], fixed: unknown[], notFound: number): void {
  rest = [...rest];
  fixed = [...fixed];
  let array: unknown[] | undefined;
  let arrayPrefix = '';
  let arrayName = '';
  const through: number[] = [];
  for (let i = 0; i < rest.length; i++) {
    const parts = rest[i];
    if (!parts) continue;
    const { value, consumed } = extract(obj, parts);
    if (value === undefined) {
      fixed[i] = null;
      rest[i] = null;
      notFound++;
      continue;
    }
    if (!Array.isArray(value)) {
      fixed[i] = value;
      rest[i] = null;
      continue;
    }
    // At one level two paths reach the same array exactly when they share the prefix that reached it.
    const prefix = parts.slice(0, consumed).join('.');
    const name = parts[consumed - 1]!;
    if (array === undefined) [array, arrayPrefix, arrayName] = [value, prefix, name];
    else if (prefix !== arrayPrefix) {
      throw mongoError('CannotIndexParallelArrays', `cannot index parallel arrays [${name}] [${arrayName}]`);
    }
    const full = ctx.paths[i]!;
    ctx.out.arrayPrefixes[i]!.push(full.slice(0, full.length - parts.length + consumed).join('.'));
    rest[i] = parts.slice(consumed);
    through.push(i);
  }
  if (array === undefined) {
    if (!ctx.sparse || notFound < rest.length) ctx.out.keys.push(fixed);
    return;
  }
  for (const element of array.length ? array : [EMPTY_ARRAY_KEY]) {
    const elementFixed = [...fixed];
    const elementRest = [...rest];
    for (const i of through) {
      if (elementRest[i]!.length > 0) continue;
      elementFixed[i] = element; // the path ends at the array: the element is the key
      elementRest[i] = null;
    }
    expand(ctx, isPlainObject(element) ? element : {}, elementRest, elementFixed, notFound);
  }
}

/**
 * The keys of `doc` for fields given as split paths. A sparse index leaves out each key whose fields
 * are all missing. Throws CannotIndexParallelArrays.
 */
export function generateKeys(doc: unknown, paths: string[][], sparse: boolean): GeneratedKeys {
  const out: GeneratedKeys = { keys: [], arrayPrefixes: paths.map(() => []) };
  expand(
    { paths, sparse, out },
    doc,
    paths,
    paths.map(() => null),
    0,
  );
  return out;
}
