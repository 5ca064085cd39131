import { Decimal128, Long } from 'bson';
import { evalExpr } from 'mingo/core';
import * as expressionOperators from 'mingo/operators/expression';
import type { Options } from 'mingo/types';
import { bsonTypeName } from './bson-types';
import { toDecimal, toDecimal128 } from './decimal';
import { literal, plain, type Operator } from './expression-arithmetic';
import { isDecimal, isLong, typedKind } from './typed-arithmetic';
import { asDouble } from './update-arithmetic';
import type { Doc } from './values';

/**
 * The type expression operators, knowing BSON's numeric types for what they are (mingo knows JS
 * numbers only): `$type` and `$isNumber` tell int, long, double and decimal apart, and `$toDouble`,
 * `$toInt`, `$toLong`, `$toDecimal` and `$convert` answer the asked type. Other conversions are mingo's.
 */

const mingo = expressionOperators as unknown as Record<string, Operator>;
const isNumber = (v: unknown): boolean => typedKind(v) !== undefined || isDecimal(v);

/** A conversion of an evaluated value: null for null or missing, a thrown error when it cannot. */
type Conversion = (v: unknown, obj: Doc, options: Options) => unknown;

const mingoConversion =
  (name: string): Conversion =>
  (v, obj, options) =>
    mingo[name]!(obj, literal(plain(v)), options);

const toDouble: Conversion = (v, obj, options) => {
  const n = isDecimal(v) || isLong(v) ? plain(v) : mingoConversion('$toDouble')(v, obj, options);
  return typeof n === 'number' ? asDouble(n) : n;
};

function toInteger(kind: 'int' | 'long'): Conversion {
  const convert = mingoConversion(kind === 'int' ? '$toInt' : '$toLong');
  return (v, obj, options) => {
    if (v === null || v === undefined) return null;
    if (kind === 'long' && isLong(v)) return v;
    if (isDecimal(v)) v = Number(toDecimal(v).trunc().toString());
    const n = convert(v, obj, options);
    return typeof n === 'number' && kind === 'long' ? Long.fromNumber(n) : n;
  };
}

const toDecimalValue: Conversion = (v) => {
  if (v === null || v === undefined) return null;
  if (isDecimal(v)) return v;
  if (typeof v === 'string') return Decimal128.fromString(v.trim());
  if (typeof v === 'boolean') return Decimal128.fromString(v ? '1' : '0');
  if (v instanceof Date) return Decimal128.fromString(String(v.getTime()));
  return toDecimal128(toDecimal(v, true));
};

/** The numeric targets of `$convert`, by name and by type code. */
const NUMERIC_TARGETS: Record<string, Conversion> = {
  double: toDouble,
  1: toDouble,
  int: toInteger('int'),
  16: toInteger('int'),
  long: toInteger('long'),
  18: toInteger('long'),
  decimal: toDecimalValue,
  19: toDecimalValue,
};

const unaryConversion =
  (convert: Conversion): Operator =>
  (obj, expr, options) =>
    convert(evalExpr(obj, expr, options), obj, options);

/** `$convert` to a numeric type; other targets go to mingo's with the value as a plain JS value. */
const $convert: Operator = (obj, expr, options) => {
  const spec = expr as Doc;
  const to = evalExpr(obj, spec.to, options);
  const convert = NUMERIC_TARGETS[String(to)];
  if (!convert) {
    const input = plain(evalExpr(obj, spec.input, options));
    return mingo.$convert!(obj, { ...spec, input: { $literal: input }, to: { $literal: to } }, options);
  }
  const input = evalExpr(obj, spec.input, options);
  if (input === null || input === undefined) return evalExpr(obj, spec.onNull, options) ?? null;
  try {
    return convert(input, obj, options);
  } catch (e) {
    if (spec.onError === undefined) throw e;
    return evalExpr(obj, spec.onError, options);
  }
};

export const TYPE_OPERATORS: Record<string, Operator> = {
  $type: (obj, expr, options) => {
    const v = evalExpr(obj, expr, options);
    return isNumber(v) ? bsonTypeName(v) : mingo.$type!(obj, literal(v), options);
  },
  $isNumber: (obj, expr, options) => isNumber(evalExpr(obj, expr, options)),
  $toString: (obj, expr, options) => {
    const v = evalExpr(obj, expr, options);
    return isDecimal(v) || isLong(v) ? v.toString() : mingo.$toString!(obj, literal(plain(v)), options);
  },
  $toDouble: unaryConversion(toDouble),
  $toInt: unaryConversion(toInteger('int')),
  $toLong: unaryConversion(toInteger('long')),
  $toDecimal: unaryConversion(toDecimalValue),
  $convert,
};
