import { mongoError } from '../errors';
import { bsonTypeName } from './bson-types';
import { compareValues, valuesEqual } from './compare';
import { formatValue } from './format';
import { compileFilter } from './matcher';
import { isOperatorDocument } from './matcher-operators';
import { describeId, type ApplyContext, type UpdateOperator } from './update-operators';
import { deepCopy, findSlot, getChild, makeSlot, setChild, valueAt } from './update-paths';
import { isNumeric, isPlainObject, toComparable } from './values';

/** The array update operators: $push (with $each, $position, $sort, $slice), $addToSet, $pull, $pullAll, $pop. */

interface PushSpec {
  each: unknown[];
  position?: number;
  slice?: number;
  sort?: (a: unknown, b: unknown) => number;
}

function integerClause(value: unknown, message: string): number {
  const n = isNumeric(value) ? Number(toComparable(value)) : NaN;
  if (!Number.isInteger(n)) throw mongoError('BadValue', `${message}${bsonTypeName(value)}`);
  return n;
}

const SORT_ERROR = 'The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields';

function direction(v: unknown): 1 | -1 {
  const n = isNumeric(v) ? Number(toComparable(v)) : NaN;
  if (n !== 1 && n !== -1) throw mongoError('BadValue', SORT_ERROR);
  return n;
}

/** `$sort` of `$push`: whole elements (1/-1) or subdocument fields ({ score: -1 }). */
function pushSort(spec: unknown): (a: unknown, b: unknown) => number {
  if (!isPlainObject(spec)) {
    const dir = direction(spec);
    return (a, b) => dir * compareValues(a, b);
  }
  const keys = Object.entries(spec).map(([path, d]) => {
    if (path === '' || path.startsWith('$')) throw mongoError('BadValue', SORT_ERROR);
    return { parts: path.split('.'), dir: direction(d) };
  });
  if (keys.length === 0) throw mongoError('BadValue', SORT_ERROR);
  const field = (v: unknown, parts: string[]) => (isPlainObject(v) ? valueAt(v, parts) : undefined);
  return (a, b) => {
    for (const { parts, dir } of keys) {
      const c = compareValues(field(a, parts), field(b, parts));
      if (c) return dir * c;
    }
    return 0;
  };
}

const PUSH_CLAUSES = new Set(['$each', '$slice', '$sort', '$position']);

function preparePush(operand: unknown): PushSpec {
  if (!isPlainObject(operand) || !('$each' in operand)) return { each: [operand] };
  for (const key of Object.keys(operand))
    if (!PUSH_CLAUSES.has(key)) throw mongoError('BadValue', `Unrecognized clause in $push: ${key}`);
  const { $each, $slice, $sort, $position } = operand;
  if (!Array.isArray($each))
    throw mongoError(
      'BadValue',
      `The argument to $each in $push must be an array but it was of type: ${bsonTypeName($each)}`,
    );
  return {
    each: $each,
    slice:
      $slice === undefined
        ? undefined
        : integerClause($slice, 'The value for $slice must be an integer value but was given type: '),
    position:
      $position === undefined
        ? undefined
        : integerClause($position, 'The value for $position must be an integer value, not of type: '),
    sort: $sort === undefined ? undefined : pushSort($sort),
  };
}

/** The array at a slot for operators that create it when missing; BadValue when the field is not an array. */
function arrayFor(
  ctx: ApplyContext,
  parts: string[],
  message: (current: unknown) => string,
): { slot: ReturnType<typeof makeSlot>; array: unknown[] } {
  const slot = makeSlot(ctx.doc, parts);
  const current = getChild(slot.container, slot.key);
  if (current !== undefined && !Array.isArray(current)) throw mongoError('BadValue', message(current));
  return { slot, array: current ?? [] };
}

const push: UpdateOperator = {
  prepare: preparePush,
  apply(ctx, parts, prepared) {
    const spec = prepared as PushSpec;
    const key = parts[parts.length - 1];
    const { slot, array } = arrayFor(
      ctx,
      parts,
      (v) => `The field '${key}' must be an array but is of type ${bsonTypeName(v)} in document {${describeId(ctx)}}`,
    );
    let result = array.slice();
    let at = spec.position ?? result.length;
    if (at < 0) at = Math.max(0, result.length + at);
    result.splice(Math.min(at, result.length), 0, ...spec.each.map(deepCopy));
    if (spec.sort) result.sort(spec.sort);
    if (spec.slice !== undefined)
      result = spec.slice >= 0 ? result.slice(0, spec.slice) : result.slice(Math.max(0, result.length + spec.slice));
    setChild(slot.container, slot.key, result);
  },
};

const addToSet: UpdateOperator = {
  prepare(operand) {
    if (!isPlainObject(operand) || Object.keys(operand)[0] !== '$each') return [operand];
    if (Object.keys(operand).length > 1)
      throw mongoError('BadValue', `Found unexpected fields after $each in $addToSet: ${formatValue(operand)}`);
    if (!Array.isArray(operand.$each)) {
      throw mongoError(
        'BadValue',
        `The argument to $each in $addToSet must be an array but it was of type ${bsonTypeName(operand.$each)}`,
      );
    }
    return operand.$each;
  },
  apply(ctx, parts, items) {
    const key = parts[parts.length - 1];
    const { slot, array } = arrayFor(
      ctx,
      parts,
      (v) => `Cannot apply $addToSet to non-array field. Field named '${key}' has non-array type ${bsonTypeName(v)}`,
    );
    const result = array.slice();
    for (const item of items as unknown[]) if (!result.some((x) => valuesEqual(x, item))) result.push(deepCopy(item));
    setChild(slot.container, slot.key, result);
  },
};

/** Removes the elements a test selects from an existing array; a missing field is left alone. */
function removeElements(ctx: ApplyContext, parts: string[], remove: (element: unknown) => boolean): void {
  const slot = findSlot(ctx.doc, parts);
  const current = slot && getChild(slot.container, slot.key);
  if (!slot || current === undefined) return;
  if (!Array.isArray(current)) throw mongoError('BadValue', 'Cannot apply $pull to a non-array value');
  const kept = current.filter((element) => !remove(element));
  if (kept.length !== current.length) setChild(slot.container, slot.key, kept);
}

/**
 * `$pull`'s condition: an operator document or a regex tests each element as a value; another document
 * is a query each subdocument element must match; anything else is an exact value.
 */
function pullCondition(operand: unknown): (element: unknown) => boolean {
  if (isOperatorDocument(operand) || operand instanceof RegExp) {
    const p = compileFilter({ v: operand });
    return (element) => p({ v: element });
  }
  if (isPlainObject(operand)) {
    const p = compileFilter(operand);
    return (element) => isPlainObject(element) && p(element);
  }
  return (element) => valuesEqual(element, operand);
}

const pull: UpdateOperator = {
  prepare: pullCondition,
  apply(ctx, parts, condition) {
    removeElements(ctx, parts, condition as (element: unknown) => boolean);
  },
};

const pullAll: UpdateOperator = {
  prepare(operand) {
    if (!Array.isArray(operand))
      throw mongoError('BadValue', `$pullAll requires an array argument but was given a ${bsonTypeName(operand)}`);
    return operand;
  },
  apply(ctx, parts, values) {
    removeElements(ctx, parts, (element) => (values as unknown[]).some((v) => valuesEqual(element, v)));
  },
};

const pop: UpdateOperator = {
  prepare(operand, path) {
    if (!isNumeric(operand))
      throw mongoError('FailedToParse', `Expected a number in: ${path}: ${formatValue(operand)}`);
    const n = Number(toComparable(operand));
    if (n !== 1 && n !== -1) throw mongoError('FailedToParse', `$pop expects 1 or -1, found: ${formatValue(operand)}`);
    return n;
  },
  apply(ctx, parts, end) {
    const slot = findSlot(ctx.doc, parts);
    const current = slot && getChild(slot.container, slot.key);
    if (!slot || current === undefined) return;
    if (!Array.isArray(current)) {
      throw mongoError(
        'TypeMismatch',
        `Path '${parts.join('.')}' contains an element of non-array type '${bsonTypeName(current)}'`,
      );
    }
    if (current.length) setChild(slot.container, slot.key, end === 1 ? current.slice(0, -1) : current.slice(1));
  },
};

export const ARRAY_UPDATE_OPERATORS: Record<string, UpdateOperator> = {
  $push: push,
  $addToSet: addToSet,
  $pull: pull,
  $pullAll: pullAll,
  $pop: pop,
};
