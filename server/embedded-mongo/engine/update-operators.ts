import { Timestamp } from 'bson';
import { mongoError } from '../errors';
import { bsonTypeName } from './bson-types';
import { compareValues } from './compare';
import { formatValue } from './format';
import { arithmetic, bitwise, isIntegral, numericKind, zeroLike } from './update-arithmetic';
import {
  deepCopy,
  findSlot,
  getChild,
  isPositional,
  makeSlot,
  parseUpdatePath,
  removeChild,
  setChild,
  type Slot,
} from './update-paths';
import { isPlainObject, type Doc } from './values';

/**
 * The field update operators ($set, $unset, $inc, $mul, $min, $max, $rename, $currentDate, $bit,
 * $setOnInsert). `prepare` checks an operand when the update is parsed (so errors do not depend on the
 * document); `apply` changes one concrete path of the working copy.
 */

export interface ApplyContext {
  /** The working copy being modified. */
  doc: Doc;
  /** The document before the update, for error messages. */
  original: Doc;
  now: Date;
}

export interface UpdateOperator {
  prepare?(operand: unknown, path: string): unknown;
  apply(ctx: ApplyContext, parts: string[], prepared: unknown): void;
}

/** How mongod names the document in error messages: `_id: 1`, or `no id`. */
export const describeId = (ctx: ApplyContext): string =>
  ctx.original._id === undefined ? 'no id' : `_id: ${formatValue(ctx.original._id)}`;

const lastPart = (parts: string[]): string => parts[parts.length - 1]!;

function put(slot: Slot, value: unknown): void {
  setChild(slot.container, slot.key, value);
}

const set: UpdateOperator = {
  apply(ctx, parts, value) {
    put(makeSlot(ctx.doc, parts), deepCopy(value));
  },
};

function arithmeticOperator(name: '$inc' | '$mul'): UpdateOperator {
  const verb = name === '$inc' ? 'increment' : 'multiply';
  return {
    prepare(operand, path) {
      if (!numericKind(operand))
        throw mongoError(
          'TypeMismatch',
          `Cannot ${verb} with non-numeric argument: {${path}: ${formatValue(operand)}}`,
        );
      return operand;
    },
    apply(ctx, parts, operand) {
      const slot = makeSlot(ctx.doc, parts);
      const current = getChild(slot.container, slot.key);
      if (current === undefined) return put(slot, name === '$inc' ? operand : zeroLike(operand));
      if (!numericKind(current)) {
        throw mongoError(
          'TypeMismatch',
          `Cannot apply ${name} to a value of non-numeric type. {${describeId(ctx)}} has the field '${lastPart(parts)}' of non-numeric type ${bsonTypeName(current)}`,
        );
      }
      const result = arithmetic(name === '$inc' ? 'add' : 'multiply', current, operand);
      if (result === undefined) {
        throw mongoError(
          'BadValue',
          `Failed to apply ${name} operations to current value ((NumberLong)${formatValue(current)}) for document {${describeId(ctx)}}`,
        );
      }
      put(slot, result);
    },
  };
}

function boundOperator(keepsSmaller: boolean): UpdateOperator {
  return {
    apply(ctx, parts, value) {
      const slot = makeSlot(ctx.doc, parts);
      const current = getChild(slot.container, slot.key);
      const c = current === undefined ? 0 : compareValues(value, current);
      if (current === undefined || (keepsSmaller ? c < 0 : c > 0)) put(slot, deepCopy(value));
    },
  };
}

const unset: UpdateOperator = {
  apply(ctx, parts) {
    const slot = findSlot(ctx.doc, parts);
    if (slot && getChild(slot.container, slot.key) !== undefined) removeChild(slot.container, slot.key);
  },
};

/** Where a rename's source or destination crosses an array, which $rename refuses. */
function arrayOnPath(doc: Doc, parts: string[]): string | undefined {
  let v: unknown = doc;
  for (const part of parts.slice(0, -1)) {
    v = getChild(v, part);
    if (Array.isArray(v)) return part;
    if (v === undefined) return undefined;
  }
  return undefined;
}

const rename: UpdateOperator = {
  prepare(target, path) {
    if (typeof target !== 'string')
      throw mongoError('BadValue', `The 'to' field for $rename must be a string: ${path}: ${formatValue(target)}`);
    const from = parseUpdatePath(path);
    const to = parseUpdatePath(target);
    if (from.some(isPositional))
      throw mongoError('BadValue', `The source field for $rename may not be dynamic: ${path}`);
    if (to.some(isPositional))
      throw mongoError('BadValue', `The destination field for $rename may not be dynamic: ${target}`);
    if (path === target)
      throw mongoError(
        'BadValue',
        `The source and target field for $rename must differ: ${path}: ${formatValue(target)}`,
      );
    if (path.startsWith(`${target}.`) || target.startsWith(`${path}.`)) {
      throw mongoError(
        'BadValue',
        `The source and target field for $rename must not be on the same path: ${path}: ${formatValue(target)}`,
      );
    }
    return to;
  },
  apply(ctx, parts, to) {
    const target = to as string[];
    const sourceArray = arrayOnPath(ctx.doc, parts);
    if (sourceArray !== undefined) {
      throw mongoError(
        'BadValue',
        `The source field cannot be an array element, '${parts.join('.')}' in doc with ${describeId(ctx)} has an array field called '${sourceArray}'`,
      );
    }
    const slot = findSlot(ctx.doc, parts);
    const value = slot && getChild(slot.container, slot.key);
    if (!slot || value === undefined) return;
    const targetArray = arrayOnPath(ctx.doc, target);
    if (targetArray !== undefined) {
      throw mongoError(
        'BadValue',
        `The destination field cannot be an array element, '${target.join('.')}' in doc with ${describeId(ctx)} has an array field called '${targetArray}'`,
      );
    }
    removeChild(slot.container, slot.key);
    put(makeSlot(ctx.doc, target), value);
  },
};

const currentDate: UpdateOperator = {
  prepare(operand) {
    if (typeof operand === 'boolean') return 'date';
    if (isPlainObject(operand)) {
      const type = operand.$type;
      if (Object.keys(operand).length === 1 && (type === 'date' || type === 'timestamp')) return type;
      if (Object.keys(operand).some((k) => k !== '$type')) {
        throw mongoError(
          'BadValue',
          "The only valid field of the option is '$type': {$currentDate: {field : {$type: 'date/timestamp'}}}",
        );
      }
      throw mongoError(
        'BadValue',
        "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
      );
    }
    throw mongoError(
      'BadValue',
      `${bsonTypeName(operand)} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`,
    );
  },
  apply(ctx, parts, type) {
    const ms = ctx.now.getTime();
    const value = type === 'date' ? new Date(ms) : new Timestamp({ t: Math.floor(ms / 1000), i: 1 });
    put(makeSlot(ctx.doc, parts), value);
  },
};

const BIT_OPERATIONS = new Set(['and', 'or', 'xor']);

const bit: UpdateOperator = {
  prepare(operand) {
    if (!isPlainObject(operand)) {
      throw mongoError(
        'BadValue',
        `The $bit modifier is not compatible with a ${bsonTypeName(operand)}. You must pass in an embedded document: {$bit: {field: {and/or/xor: #}}`,
      );
    }
    for (const [op, value] of Object.entries(operand)) {
      if (!BIT_OPERATIONS.has(op)) {
        throw mongoError(
          'BadValue',
          `The $bit modifier only supports 'and', 'or', and 'xor', not '${op}' which is an unknown operator: {${op}: ${formatValue(value)}}`,
        );
      }
      if (!isIntegral(value)) {
        throw mongoError(
          'BadValue',
          `The $bit modifier field must be an Integer(32/64 bit); a '${bsonTypeName(value)}' is not supported here: {${op}: ${formatValue(value)}}`,
        );
      }
    }
    return Object.entries(operand);
  },
  apply(ctx, parts, operations) {
    const slot = makeSlot(ctx.doc, parts);
    let value: unknown = getChild(slot.container, slot.key) ?? 0;
    if (!isIntegral(value)) {
      throw mongoError(
        'BadValue',
        `Cannot apply $bit to a value of non-integral type.{${describeId(ctx)}} has the field ${lastPart(parts)} of non-integer type ${bsonTypeName(value)}`,
      );
    }
    for (const [op, operand] of operations as Array<['and' | 'or' | 'xor', unknown]>)
      value = bitwise(op, value, operand);
    put(slot, value);
  },
};

export const FIELD_UPDATE_OPERATORS: Record<string, UpdateOperator> = {
  $set: set,
  // Applied only when an upsert inserts (update.ts decides).
  $setOnInsert: set,
  $unset: unset,
  $inc: arithmeticOperator('$inc'),
  $mul: arithmeticOperator('$mul'),
  $min: boundOperator(true),
  $max: boundOperator(false),
  $rename: rename,
  $currentDate: currentDate,
  $bit: bit,
};
