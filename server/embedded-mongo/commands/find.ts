import { Long } from 'bson';
import { mongoError } from '../errors';
import { idKey } from '../engine/compare';
import { compileFilter } from '../engine/matcher';
import { getPathValues } from '../engine/paths';
import { compileProjection } from '../engine/projection';
import { runQuery, type QueryOptions } from '../engine/query';
import { compileSort } from '../engine/sort';
import type { Doc } from '../engine/values';
import { cursorReply, optArray, optBool, optCount, optDoc, optNumber, reqString, targetCollection } from './args';
import type { CommandHandler, CommandRequest, ServerContext } from './context';

/** The query options shared by find, count and distinct. */
export function queryOptions(cmd: Doc, filterField = 'filter'): { filter: Doc; options: QueryOptions } {
  const filter = optDoc(cmd, filterField) ?? {};
  const sort = optDoc(cmd, 'sort');
  const collation = optDoc(cmd, 'collation');
  let limit = optNumber(cmd, 'limit');
  // A negative limit is the legacy "single batch of n".
  if (limit !== undefined) limit = Math.abs(limit);
  return { filter, options: { sort, skip: optCount(cmd, 'skip'), limit, hint: cmd.hint, collation } };
}

export function findDocs(req: CommandRequest, server: ServerContext, filterField = 'filter') {
  const { filter, options } = queryOptions(req.cmd, filterField);
  const coll = server.catalog.get(req.db, targetCollection(req.cmd));
  if (!coll) {
    // A bad filter or sort fails the same way on a missing collection.
    compileFilter(filter, { collation: options.collation });
    if (options.sort) compileSort(options.sort);
    return { docs: [] as Doc[], result: undefined };
  }
  const result = runQuery(coll, filter, { ...options, deadline: req.deadline }, server.stats);
  return { docs: result.docs, result };
}

const find: CommandHandler = ({ db, cmd, connectionId, deadline }, server) => {
  server.stats.opcounters.query++;
  const name = targetCollection(cmd);
  for (const unsupported of ['tailable', 'awaitData', 'returnKey', 'showRecordId', 'min', 'max']) {
    if (cmd[unsupported])
      throw mongoError(
        'InvalidOptions',
        `find: '${unsupported}' is not supported by the embedded MongoDB-compatible server`,
      );
  }
  const transform = compileProjection(optDoc(cmd, 'projection'), { filter: optDoc(cmd, 'filter') });
  const { docs } = findDocs({ db, cmd, connectionId, deadline }, server);
  const limit = optNumber(cmd, 'limit');
  const singleBatch = (optBool(cmd, 'singleBatch') ?? false) || (limit !== undefined && limit < 0);
  const batch = server.cursors.open(`${db}.${name}`, docs, {
    batchSize: optCount(cmd, 'batchSize'),
    singleBatch,
    transform,
  });
  return cursorReply(`${db}.${name}`, batch.id, batch.docs, 'firstBatch');
};

function cursorIdOf(v: unknown): Long {
  if (v instanceof Long) return v;
  if (typeof v === 'number' && Number.isInteger(v)) return Long.fromNumber(v);
  throw mongoError('TypeMismatch', `BSON field 'getMore.getMore' is the wrong type, expected type 'long'`);
}

const getMore: CommandHandler = ({ db, cmd }, server) => {
  server.stats.opcounters.getmore++;
  const id = cursorIdOf(cmd.getMore);
  const ns = `${db}.${reqString(cmd, 'collection')}`;
  const batch = server.cursors.getMore(id, ns, optCount(cmd, 'batchSize'));
  return cursorReply(ns, batch.id, batch.docs, 'nextBatch');
};

const killCursors: CommandHandler = ({ cmd }, server) => {
  targetCollection(cmd);
  const ids = (optArray(cmd, 'cursors') ?? []).map(cursorIdOf);
  const killed: Long[] = [];
  const notFound: Long[] = [];
  for (const id of ids) (server.cursors.kill(id) ? killed : notFound).push(id);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

const count: CommandHandler = (req, server) => {
  server.stats.opcounters.command++;
  const { docs } = findDocs(req, server, 'query');
  return { n: docs.length, ok: 1 };
};

const distinct: CommandHandler = (req, server) => {
  const key = reqString(req.cmd, 'key');
  const { docs } = findDocs(req, server, 'query');
  const seen = new Map<string, unknown>();
  for (const doc of docs) {
    for (const v of getPathValues(doc, key)) {
      // distinct unwinds arrays one level, as mongod does.
      for (const x of Array.isArray(v) ? v : [v]) {
        if (x === undefined) continue;
        const k = idKey(x);
        if (!seen.has(k)) seen.set(k, x);
      }
    }
  }
  return { values: [...seen.values()], ok: 1 };
};

export const findCommands: Record<string, CommandHandler> = { find, getMore, killCursors, count, distinct };
