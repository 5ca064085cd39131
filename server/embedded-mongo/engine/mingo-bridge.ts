import { Context, evalExpr, ProcessingMode } from 'mingo/core';
import type { Options } from 'mingo/types';
import { MongoCommandError, mongoError } from '../errors';
import { isTruthy } from './expression-conditions';
import { ACCUMULATOR_OPERATORS, EXPRESSION_OPERATORS } from './expression-operators';
import { isPlainObject, type Doc } from './values';

/**
 * The only place that evaluates aggregation expressions with mingo (`$expr`, computed projection
 * fields); aggregation.ts runs its stages. Documents may hold bson's Long, Double and Decimal128
 * wrappers, which the operators know (expression-operators.ts: mingo's, with MongoDB's semantics where
 * they differ); mingo's errors become MongoDB's.
 */

const CONTEXT = Context.init({
  expression: EXPRESSION_OPERATORS as never,
  accumulator: ACCUMULATOR_OPERATORS as never,
});

/** How the server runs mingo: no JavaScript, strict, errors thrown. */
export const OPTIONS: Options = {
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
export function refuseJavaScript(expr: unknown): void {
  if (Array.isArray(expr)) return expr.forEach(refuseJavaScript);
  if (!isPlainObject(expr)) return;
  for (const [key, value] of Object.entries(expr)) {
    if (key === '$literal') continue;
    if (SERVER_SIDE_JAVASCRIPT.has(key))
      throw mongoError('NotImplemented', `${key} is not supported by the embedded MongoDB server`);
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
export function exprPredicate(expr: unknown, evaluate = evaluateExpression): (doc: Doc) => boolean {
  checkExpression(expr);
  return (doc) => isTruthy(evaluate(doc, expr));
}
