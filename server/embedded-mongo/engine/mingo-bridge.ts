import { Aggregator } from 'mingo';
import { Context, evalExpr, ProcessingMode } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import type { Options } from 'mingo/types';
import { MongoCommandError, mongoError } from '../errors';
import { compareValues } from './compare';
import { isPlainObject, type Doc } from './values';

/**
 * The only place that hands work to mingo: aggregation expressions (`$expr`, computed projection fields)
 * and the stages of pipeline-style updates. Callers give it documents through `comparableView` (mingo
 * knows nothing of bson's numeric wrappers). mingo's comparison expressions are replaced by ones with
 * BSON order (mingo returns false for `2 > null`; MongoDB orders every type, a missing field lowest), and
 * its errors become MongoDB's.
 */

/** Aggregation comparison: a missing field sorts below null, then BSON order. */
function aggregationCompare(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return compareValues(a, b);
}

type ExpressionOperator = (obj: Doc, expr: unknown, options: Options) => unknown;

function comparisonOperator(accept: (c: number) => boolean): ExpressionOperator {
  return (obj, expr, options) => {
    const args = evalExpr(obj, expr, options) as unknown;
    if (!Array.isArray(args) || args.length !== 2) throw mongoError('BadValue', 'Expression takes exactly 2 arguments.');
    return accept(aggregationCompare(args[0], args[1]));
  };
}

const BSON_COMPARISONS = {
  $eq: comparisonOperator((c) => c === 0),
  $ne: comparisonOperator((c) => c !== 0),
  $gt: comparisonOperator((c) => c > 0),
  $gte: comparisonOperator((c) => c >= 0),
  $lt: comparisonOperator((c) => c < 0),
  $lte: comparisonOperator((c) => c <= 0),
  $cmp: (obj: Doc, expr: unknown, options: Options) => {
    const [a, b] = evalExpr(obj, expr, options) as unknown[];
    return Math.sign(aggregationCompare(a, b));
  },
};

const CONTEXT = Context.init({
  expression: { ...expressionOperators, ...BSON_COMPARISONS },
  accumulator: accumulatorOperators,
});

const OPTIONS: Options = {
  idKey: '_id',
  processingMode: ProcessingMode.CLONE_OFF,
  useStrictMode: true,
  scriptEnabled: false,
  failOnError: true,
  context: CONTEXT,
};

/** Turns a mingo failure into the MongoDB error a client would get. */
export function toMongoError(e: unknown): Error {
  if (e instanceof MongoCommandError || !(e instanceof Error)) return e as Error;
  const expression = /(\$\w+)' is not registered/.exec(e.message);
  if (expression) return mongoError('InvalidPipelineOperator', `Unrecognized expression '${expression[1]}'`);
  const stage = /unregistered pipeline operator (\$\w+)/.exec(e.message);
  if (stage) return mongoError('UnrecognizedPipelineStage', `Unrecognized pipeline stage name: '${stage[1]}'`);
  return mongoError('BadValue', e.message);
}

const SERVER_SIDE_JAVASCRIPT = new Set(['$function', '$accumulator', '$where']);

/** Refuses operators that would run server-side JavaScript, anywhere in an expression. */
function refuseJavaScript(expr: unknown): void {
  if (Array.isArray(expr)) return expr.forEach(refuseJavaScript);
  if (!isPlainObject(expr)) return;
  for (const [key, value] of Object.entries(expr)) {
    if (key === '$literal') continue;
    if (SERVER_SIDE_JAVASCRIPT.has(key)) throw mongoError('NotImplemented', `${key} is not supported by the embedded MongoDB server`);
    refuseJavaScript(value);
  }
}

/**
 * Checks an expression up front, as mongod parses it before running: server-side JavaScript is refused,
 * and a trial evaluation on an empty document reports unknown operators (other failures depend on the
 * document and surface when it is evaluated).
 */
export function checkExpression(expr: unknown): void {
  refuseJavaScript(expr);
  try {
    evalExpr({}, expr, OPTIONS);
  } catch (e) {
    const error = toMongoError(e);
    if (error instanceof MongoCommandError && error.codeName === 'InvalidPipelineOperator') throw error;
  }
}

/** The value of an aggregation expression on a document; undefined when it yields a missing value. */
export function evaluateExpression(doc: Doc, expr: unknown): unknown {
  try {
    return evalExpr(doc, expr, OPTIONS);
  } catch (e) {
    throw toMongoError(e);
  }
}

/** `$expr`'s truth: false, null, missing and numeric zero are false, everything else true. */
export function exprPredicate(expr: unknown): (doc: Doc) => boolean {
  checkExpression(expr);
  return (doc) => {
    const v = evaluateExpression(doc, expr);
    if (v === undefined || v === null || v === false) return false;
    return typeof v !== 'number' || v !== 0;
  };
}

/** Runs aggregation stages over one document. mingo may modify `input`: pass a copy. */
export function runPipeline(input: Doc, stages: Doc[]): Doc | undefined {
  stages.forEach(refuseJavaScript);
  try {
    return new Aggregator(stages, OPTIONS).run([input])[0] as Doc | undefined;
  } catch (e) {
    throw toMongoError(e);
  }
}
