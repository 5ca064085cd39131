import { BSONRegExp, BSONSymbol, Decimal128, Double, MaxKey, MinKey } from 'bson';
import { mongoError } from '../errors';
import { bsonTypeCode, parseTypeSpec } from './bson-types';
import { compareValues, idKey, typeRank } from './compare';
import { toRegExp } from './matcher-regex';
import { isNumeric, isPlainObject, toComparable, type Doc } from './values';

/**
 * The query operators that apply to one field (`{ field: { $op: operand } }`), with MongoDB's semantics.
 * Each compiles to a predicate over the branches a field path reaches (see `lookupBranches`).
 */

/** One value a field path reaches in a document; `undefined` stands for a missing field. */
export interface Branch {
  value: unknown;
  /** An array reached through a numeric path component (`a.0` holding an array) is not unwound. */
  dontIterate?: boolean;
}
export type BranchPredicate = (branches: Branch[]) => boolean;
type ValuePredicate = (v: unknown) => boolean;

export interface MatchContext {
  /** The collation key of a value (strings folded), or null for binary string comparison. */
  fold: ((v: unknown) => unknown) | null;
  /** A field's condition: an operator document, a regex, or a value to be equal to. */
  compileSpec(spec: unknown): BranchPredicate;
  /** An operator document, even when its keys do not start with `$` (under `$not`). */
  compileOperators(spec: Doc): BranchPredicate;
  compileDocument(filter: Doc): (doc: Doc) => boolean;
  /** Evaluates `$expr` (inside an aggregation, with the pipeline's variables); mingo-bridge's by default. */
  evaluate?: (doc: Doc, expr: unknown) => unknown;
}

type OperatorCompiler = (operand: unknown, spec: Doc, ctx: MatchContext) => BranchPredicate;

/**
 * True when a predicate holds for a value the path reaches: an array counts as itself and as each of its
 * elements (`{ tags: 'a' }` matches `tags: ['a', 'b']`), unless `withArrays` is false.
 */
function anyLeaf(test: ValuePredicate, withArrays = true): BranchPredicate {
  return (branches) => {
    for (const { value, dontIterate } of branches) {
      if (Array.isArray(value) && !dontIterate) {
        if (withArrays && test(value)) return true;
        for (const element of value) if (test(element)) return true;
      } else if (test(value)) return true;
    }
    return false;
  };
}

const not =
  (p: BranchPredicate): BranchPredicate =>
  (branches) =>
    !p(branches);

const isNullish = (v: unknown): boolean => v === null || v === undefined;

function isNaNValue(v: unknown): boolean {
  if (typeof v === 'number') return Number.isNaN(v);
  if (v instanceof Double) return Number.isNaN(v.value);
  return v instanceof Decimal128 && v.toString() === 'NaN';
}

/** `true` for a value that is a `$`-operator document rather than a literal (a DBRef is a literal). */
export function isOperatorDocument(v: unknown): v is Doc {
  if (!isPlainObject(v)) return false;
  const first = Object.keys(v)[0];
  return first !== undefined && first.startsWith('$') && first !== '$ref';
}

export function regexPredicate(pattern: RegExp): ValuePredicate {
  const re = pattern.global || pattern.sticky ? toRegExp(pattern, undefined) : pattern;
  return (v) =>
    (typeof v === 'string' && re.test(v)) ||
    (v instanceof BSONSymbol && re.test(v.value)) ||
    // A stored regular expression equal to the query's also matches, as in MongoDB.
    (v instanceof RegExp && v.source === re.source && v.flags === re.flags) ||
    (v instanceof BSONRegExp && v.pattern === re.source);
}

/** Equality as `$eq` has it: BSON comparison (1 equals 1.0 and Long(1)); null matches a missing field. */
function equals(target: unknown, ctx: MatchContext): ValuePredicate {
  if (isNullish(target)) return isNullish;
  const { fold } = ctx;
  if (fold) {
    const key = fold(target);
    return (v) => v !== undefined && compareValues(fold(v), key) === 0;
  }
  if (
    typeof target === 'string' ||
    typeof target === 'boolean' ||
    (typeof target === 'number' && !Number.isNaN(target))
  ) {
    return (v) =>
      v === target || (typeof v === 'object' && v !== null && !Array.isArray(v) && compareValues(v, target) === 0);
  }
  return (v) => v !== undefined && compareValues(v, target) === 0;
}

/** `$in`: equality with any element; regexes in the list match strings. Big lists are looked up by key. */
function inList(list: unknown, op: string, ctx: MatchContext): ValuePredicate {
  if (!Array.isArray(list)) throw mongoError('BadValue', `${op} needs an array`);
  const regexes: ValuePredicate[] = [];
  const keys = new Set<string>();
  let withNull = false;
  const fold = ctx.fold ?? ((v: unknown) => v);
  for (const x of list) {
    if (isOperatorDocument(x)) throw mongoError('BadValue', `cannot nest $ under ${op}`);
    if (x instanceof RegExp) regexes.push(regexPredicate(x));
    else if (isNullish(x)) withNull = true;
    else keys.add(idKey(fold(x)));
  }
  return (v) => {
    if (v === undefined || v === null) return withNull;
    return keys.has(idKey(fold(v))) || regexes.some((r) => r(v));
  };
}

const ACCEPT: Record<string, (c: number) => boolean> = {
  $gt: (c) => c > 0,
  $gte: (c) => c >= 0,
  $lt: (c) => c < 0,
  $lte: (c) => c <= 0,
};

/**
 * `$gt` and friends compare only within one BSON type ("type bracketing"), except against MinKey/MaxKey.
 * `$gte: null` and `$lte: null` are equality with null; NaN is equal to NaN and comparable to nothing else.
 */
function comparison(op: string): OperatorCompiler {
  const accept = ACCEPT[op]!;
  const inclusive = op === '$gte' || op === '$lte';
  return (target, _spec, ctx) => {
    if (target instanceof RegExp) throw mongoError('BadValue', `Can't have RegEx as arg to predicate over field`);
    if (isNullish(target)) return anyLeaf(inclusive ? isNullish : () => false);
    if (isNaNValue(target)) return anyLeaf(inclusive ? isNaNValue : () => false);
    const anyType = target instanceof MinKey || target instanceof MaxKey;
    const rank = typeRank(target);
    const fold = ctx.fold ?? ((v: unknown) => v);
    const key = fold(target);
    return anyLeaf((v) => {
      if (v === undefined || (!anyType && typeRank(v) !== rank) || isNaNValue(v)) return false;
      return accept(compareValues(fold(v), key));
    });
  };
}

function integerOperand(op: string, operand: unknown): number {
  if (!isNumeric(operand)) throw mongoError('BadValue', `${op} needs a number`);
  const n = Number(toComparable(operand));
  if (!Number.isInteger(n)) throw mongoError('BadValue', `${op} must be a whole number`);
  if (n < 0) throw mongoError('BadValue', `${op} may not be negative`);
  return n;
}

function modPredicate(operand: unknown): ValuePredicate {
  if (!Array.isArray(operand)) throw mongoError('BadValue', 'malformed mod, needs to be an array');
  if (operand.length < 2) throw mongoError('BadValue', 'malformed mod, not enough elements');
  if (operand.length > 2) throw mongoError('BadValue', 'malformed mod, too many elements');
  const [d, r] = operand;
  if (!isNumeric(d)) throw mongoError('BadValue', 'malformed mod, divisor not a number');
  if (!isNumeric(r)) throw mongoError('BadValue', 'malformed mod, remainder not a number');
  const divisor = Math.trunc(Number(toComparable(d)));
  const remainder = Math.trunc(Number(toComparable(r)));
  if (divisor === 0) throw mongoError('BadValue', 'divisor cannot be 0');
  return (v) => {
    if (!isNumeric(v)) return false;
    const n = Number(toComparable(v));
    return Number.isFinite(n) && Math.trunc(n) % divisor === remainder;
  };
}

/** `$elemMatch` on values (`{ $gt: 1, $lt: 5 }`) or on subdocuments (`{ author: 'x', votes: { $gt: 1 } }`). */
function elemMatch(operand: unknown, _spec: Doc, ctx: MatchContext): BranchPredicate {
  if (!isPlainObject(operand)) throw mongoError('BadValue', '$elemMatch needs an Object');
  const first = Object.keys(operand)[0];
  let test: ValuePredicate;
  if (first !== undefined && first.startsWith('$') && !LOGICAL.has(first)) {
    const p = ctx.compileSpec(operand);
    test = (element) => p([{ value: element }]);
  } else {
    const p = ctx.compileDocument(operand);
    test = (element) => isPlainObject(element) && p(element);
  }
  return (branches) => branches.some(({ value }) => Array.isArray(value) && value.some(test));
}

/** Logical operators: inside `$elemMatch` they make a document condition, not a value condition. */
const LOGICAL = new Set(['$and', '$or', '$nor', '$expr', '$where', '$comment', '$text']);

function all(operand: unknown, _spec: Doc, ctx: MatchContext): BranchPredicate {
  if (!Array.isArray(operand)) throw mongoError('BadValue', '$all needs an array');
  if (operand.length === 0) return () => false;
  const parts = operand.map((x): BranchPredicate => {
    if (isPlainObject(x) && Object.keys(x)[0] === '$elemMatch') return ctx.compileSpec(x);
    if (isOperatorDocument(x)) throw mongoError('BadValue', 'no $ expressions in $all');
    return anyLeaf(x instanceof RegExp ? regexPredicate(x) : equals(x, ctx));
  });
  return (branches) => parts.every((p) => p(branches));
}

function notOperator(operand: unknown, _spec: Doc, ctx: MatchContext): BranchPredicate {
  if (operand instanceof RegExp) return not(anyLeaf(regexPredicate(operand)));
  if (!isPlainObject(operand)) throw mongoError('BadValue', '$not needs a regex or a document');
  if (Object.keys(operand).length === 0) throw mongoError('BadValue', '$not cannot be empty');
  return not(ctx.compileOperators(operand));
}

function typeOperator(operand: unknown): BranchPredicate {
  const codes = new Set(Array.isArray(operand) ? operand.flatMap(parseTypeSpec) : parseTypeSpec(operand));
  return anyLeaf((v) => codes.has(bsonTypeCode(v) ?? 0));
}

function exists(operand: unknown): BranchPredicate {
  const wanted = !(
    operand === false ||
    operand === null ||
    operand === undefined ||
    (isNumeric(operand) && Number(toComparable(operand)) === 0)
  );
  return (branches) => branches.some((b) => b.value !== undefined) === wanted;
}

export const FIELD_OPERATORS: Record<string, OperatorCompiler> = {
  $eq: (x, _s, ctx) => anyLeaf(equals(x, ctx)),
  $ne: (x, _s, ctx) => {
    if (x instanceof RegExp) throw mongoError('BadValue', "Can't have regex as arg to $ne.");
    return not(anyLeaf(equals(x, ctx)));
  },
  $gt: comparison('$gt'),
  $gte: comparison('$gte'),
  $lt: comparison('$lt'),
  $lte: comparison('$lte'),
  $in: (x, _s, ctx) => anyLeaf(inList(x, '$in', ctx)),
  $nin: (x, _s, ctx) => not(anyLeaf(inList(x, '$nin', ctx))),
  $exists: exists,
  $type: typeOperator,
  $regex: (x, spec) => anyLeaf(regexPredicate(toRegExp(x, spec.$options))),
  $options: (_x, spec) => {
    if (!('$regex' in spec)) throw mongoError('BadValue', '$options needs a $regex');
    return () => true; // read by $regex
  },
  $size: (x) => {
    const n = integerOperand('$size', x);
    return (branches) => branches.some(({ value }) => Array.isArray(value) && value.length === n);
  },
  $mod: (x) => anyLeaf(modPredicate(x)),
  $all: all,
  $elemMatch: elemMatch,
  $not: notOperator,
};

/** Field operators MongoDB has that this server does not implement: refused by name, not as unknown. */
export const UNSUPPORTED_FIELD_OPERATORS = new Set([
  '$near',
  '$nearSphere',
  '$geoWithin',
  '$geoIntersects',
  '$within',
  '$bitsAllSet',
  '$bitsAllClear',
  '$bitsAnySet',
  '$bitsAnyClear',
]);

/** Equality with a value in a plain `{ field: value }` condition: a regex there is a pattern match. */
export function implicitEquality(value: unknown, ctx: MatchContext): BranchPredicate {
  return anyLeaf(value instanceof RegExp ? regexPredicate(value) : equals(value, ctx));
}
