import { Aggregator } from 'mingo/aggregator';
import { Context, evalExpr } from 'mingo/core';
import { Lazy, type Iterator } from 'mingo/lazy';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import type { Options } from 'mingo/types';
import { mongoError } from '../errors';
import { ACCUMULATOR_OPERATORS, EXPRESSION_OPERATORS, PLAIN_VALUE } from './expression-operators';
import { groupByValue } from './group-key';
import { compileFilter } from './matcher';
import { OPTIONS, refuseJavaScript, toMongoError } from './mingo-bridge';
import { compileProjection } from './projection';
import { $graphLookup, $lookup } from './lookup';
import { compileSort } from './sort';
import { comparableView, isPlainObject, type Doc } from './values';

/**
 * Aggregation stages, run by mingo's aggregator with the stages replaced where mingo's answers differ
 * from MongoDB's: `$project` is the server's projection (mongod's field order: kept fields in the
 * document's order, `_id` first, then computed ones in the order given), `$match` the server's
 * matcher (with the pipeline's variables in `$expr`), `$sort` uses BSON order, `$group` groups numbers
 * by value (group-key.ts), `$lookup` joins numbers by value (lookup.ts), and
 * `$bucket`/`$bucketAuto` put `_id` first. The replacements apply inside `$facet` and `$lookup` too.
 */

type Stage = (collection: Iterator, expr: unknown, options: Options) => Iterator;

/** A mingo bucket stage, grouping plain numbers (it compares them by their JS shape). */
function plainGroupBy(stage: Stage): Stage {
  return (collection, expr, options) => {
    const spec = isPlainObject(expr) ? { ...expr, groupBy: { [PLAIN_VALUE]: expr.groupBy } } : expr;
    return stage(collection, isPlainObject(spec) ? comparableView(spec) : spec, options);
  };
}

/** A mingo stage that computes on numbers by their JS shape, given the documents with plain numbers. */
const plainDocuments =
  (stage: Stage): Stage =>
  (collection, expr, options) =>
    stage(collection.map(comparableView), expr, options);

/** A mingo stage whose output documents get `_id` as their first field. */
function idFirst(stage: Stage): Stage {
  return (collection, expr, options) =>
    stage(collection, expr, options).map((doc) => {
      const { _id, ...rest } = doc as Doc;
      return { _id, ...rest };
    });
}

const $project: Stage = (collection, expr, options) => {
  if (!isPlainObject(expr) || Object.keys(expr).length === 0) {
    const reason = 'projection specification must have at least one field';
    throw mongoError('Location51272', `Invalid $project :: caused by :: ${reason}`);
  }
  const project = compileProjection(expr, { aggregation: (doc, e) => evalExpr(doc, e, options) });
  return collection.map((doc) => project(doc as Doc));
};

const $match: Stage = (collection, expr, options) => {
  if (!isPlainObject(expr)) throw mongoError('Location15959', 'the match filter must be an expression in an object');
  const evaluate = (doc: Doc, e: unknown) => evalExpr(doc, e, options);
  const matches = compileFilter(expr, { collation: options.collation as Doc | undefined, evaluate });
  return collection.filter((doc) => matches(doc as Doc));
};

const $sort: Stage = (collection, expr, options) => {
  if (!isPlainObject(expr)) throw mongoError('Location15973', 'the $sort key specification must be an object');
  return Lazy((collection.collect() as Doc[]).sort(compileSort(expr, options.collation as Doc | undefined)));
};

const PIPELINE_CONTEXT = Context.init({
  accumulator: ACCUMULATOR_OPERATORS as never,
  expression: EXPRESSION_OPERATORS as never,
  pipeline: {
    ...pipelineOperators,
    $match,
    $project,
    $sort,
    $group: groupByValue(pipelineOperators.$group as Stage),
    $lookup,
    $graphLookup,
    $densify: plainDocuments(pipelineOperators.$densify as Stage),
    $fill: plainDocuments(pipelineOperators.$fill as Stage),
    $setWindowFields: plainDocuments(pipelineOperators.$setWindowFields as Stage),
    $bucket: idFirst(plainGroupBy(pipelineOperators.$bucket as Stage)),
    $bucketAuto: idFirst(plainGroupBy(pipelineOperators.$bucketAuto as Stage)),
  } as never,
  projection: projectionOperators as never,
  query: queryOperators as never,
  window: windowOperators as never,
});

export interface StageOptions {
  collation?: Doc;
  /** The documents of another collection of the same database (`$lookup`, `$unionWith`, ...). */
  collectionResolver?: (name: string) => Doc[];
}

/** Runs aggregation stages over documents as stored (values.ts); mingo may modify them. */
export function runStages(docs: Doc[], stages: Doc[], options: StageOptions = {}): Doc[] {
  stages.forEach(refuseJavaScript);
  try {
    return new Aggregator(stages, { ...OPTIONS, ...options, context: PIPELINE_CONTEXT } as Options).run(docs) as Doc[];
  } catch (e) {
    throw toMongoError(e);
  }
}
