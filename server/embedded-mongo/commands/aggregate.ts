import { mongoError } from '../errors';
import { runStages } from '../engine/aggregation';
import { runQuery } from '../engine/query';
import { type Doc, isPlainObject } from '../engine/values';
import { asNumber, cursorReply, optBool, optCount, optDoc } from './args';
import type { CommandHandler, ServerContext } from './context';
import { queryExplain } from './explain-plan';

const SUPPORTED = new Set([
  '$match',
  '$sort',
  '$skip',
  '$limit',
  '$project',
  '$addFields',
  '$set',
  '$unset',
  '$group',
  '$unwind',
  '$lookup',
  '$count',
  '$facet',
  '$sortByCount',
  '$replaceRoot',
  '$replaceWith',
  '$sample',
  '$bucket',
  '$bucketAuto',
  '$unionWith',
  '$graphLookup',
  '$redact',
  '$setWindowFields',
  '$densify',
  '$fill',
  '$documents',
]);
/** Real stages that this server does not offer: refused by name rather than ignored. */
const REFUSED = new Set([
  '$out',
  '$merge',
  '$collStats',
  '$indexStats',
  '$currentOp',
  '$listSessions',
  '$listLocalSessions',
  '$changeStream',
  '$geoNear',
  '$search',
  '$searchMeta',
  '$planCacheStats',
  '$vectorSearch',
]);

function stageName(stage: unknown, i: number): string {
  if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
    throw mongoError(
      'FailedToParse',
      `A pipeline stage specification object must contain exactly one field. (stage ${i})`,
    );
  }
  const name = Object.keys(stage)[0]!;
  if (REFUSED.has(name))
    throw mongoError('NotImplemented', `${name} is not supported by the embedded MongoDB-compatible server`);
  if (!SUPPORTED.has(name))
    throw mongoError('UnrecognizedPipelineStage', `Unrecognized pipeline stage name: '${name}'`);
  return name;
}

/**
 * Runs a pipeline (engine/aggregation.ts); a leading `$match` (with an optional `$sort`/`$limit`) goes
 * through the query planner so it can use indexes.
 */
export function runPipeline(
  server: ServerContext,
  db: string,
  collName: string | null,
  pipeline: Doc[],
  collation?: Doc,
): Doc[] {
  const names = pipeline.map(stageName);
  let input: Doc[];
  let start = 0;
  const coll = collName === null ? undefined : server.catalog.get(db, collName);
  if (names[0] === '$match') {
    const filter = pipeline[0]!.$match as Doc;
    const sort = names[1] === '$sort' ? (pipeline[1]!.$sort as Doc) : undefined;
    const limitAt = sort ? 2 : 1;
    const limit = names[limitAt] === '$limit' ? asNumber(pipeline[limitAt]!.$limit) : undefined;
    start = 1 + (sort ? 1 : 0) + (limit !== undefined ? 1 : 0);
    input = coll ? runQuery(coll, filter, { sort, limit, collation }, server.stats).docs : [];
  } else {
    input = collName === null ? [] : [...(coll?.docs.values() ?? [])];
  }
  return runStages(input, pipeline.slice(start), {
    collation,
    collectionResolver: (name: string) => [...(server.catalog.get(db, name)?.docs.values() ?? [])],
  });
}

/**
 * An aggregation's explain, in mongod's two shapes: a pipeline that is only a leading `$match` is the
 * query's plan itself (`queryPlanner` at the top); any other has `stages`, the first a `$cursor` holding
 * the query's plan, then the remaining stages as given, which are not run.
 */
export function explainAggregate(server: ServerContext, db: string, collName: string, pipeline: Doc[]): Doc {
  pipeline.forEach(stageName);
  const first = pipeline[0];
  const match = isPlainObject(first) && isPlainObject(first.$match) ? first.$match : undefined;
  const rest = match ? pipeline.slice(1) : pipeline;
  const cursor = queryExplain(server, db, collName, match ?? {}, {});
  return rest.length === 0 ? cursor : { stages: [{ $cursor: cursor }, ...rest] };
}

const aggregate: CommandHandler = ({ db, cmd }, server) => {
  const target = cmd.aggregate;
  const collName = typeof target === 'string' ? target : null;
  if (collName === null && asNumber(target) !== 1)
    throw mongoError(
      'FailedToParse',
      "Invalid aggregate namespace: the 'aggregate' field must be a collection name or 1",
    );
  const pipeline = cmd.pipeline;
  if (!Array.isArray(pipeline)) throw mongoError('TypeMismatch', "'pipeline' option must be specified as an array");
  const explain = optBool(cmd, 'explain') ?? false;
  const cursorOpts = optDoc(cmd, 'cursor');
  if (!cursorOpts && !explain)
    throw mongoError(
      'FailedToParse',
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  if (explain) return { ...explainAggregate(server, db, collName ?? '$cmd.aggregate', pipeline as Doc[]), ok: 1 };
  const docs = runPipeline(server, db, collName, pipeline as Doc[], optDoc(cmd, 'collation'));
  const ns = `${db}.${collName ?? '$cmd.aggregate'}`;
  const batch = server.cursors.open(ns, docs, { batchSize: optCount(cursorOpts ?? {}, 'batchSize') });
  return cursorReply(ns, batch.id, batch.docs, 'firstBatch');
};

export const aggregateCommands: Record<string, CommandHandler> = { aggregate };
