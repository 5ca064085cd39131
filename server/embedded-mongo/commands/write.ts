import type { WriteBatch } from '../engine/collection';
import { runQuery } from '../engine/query';
import { docArray, optBool, optCount, optDoc, targetCollection } from './args';
import type { CommandHandler } from './context';
import { eachStatement } from './write-errors';
import { mongoError } from '../errors';

const insert: CommandHandler = async ({ db, cmd }, server) => {
  const name = targetCollection(cmd);
  const docs = docArray(cmd, 'documents');
  const batch: WriteBatch = [];
  const { coll } = server.catalog.getOrCreate(db, name, batch);
  let n = 0;
  const writeErrors = eachStatement(docs, optBool(cmd, 'ordered') ?? true, (doc) => {
    coll.insert(doc, batch);
    n++;
  });
  server.stats.opcounters.insert += n;
  await server.commit(batch);
  return { n, ...(writeErrors.length ? { writeErrors } : {}), ok: 1 };
};

const del: CommandHandler = async ({ db, cmd }, server) => {
  const name = targetCollection(cmd);
  const deletes = docArray(cmd, 'deletes');
  const coll = server.catalog.get(db, name);
  const batch: WriteBatch = [];
  let n = 0;
  const writeErrors = eachStatement(deletes, optBool(cmd, 'ordered') ?? true, (stmt) => {
    const q = optDoc(stmt, 'q');
    if (!q) throw mongoError('FailedToParse', "BSON field 'delete.deletes.q' is missing but a required field");
    const limit = optCount(stmt, 'limit') ?? 0;
    if (limit > 1) throw mongoError('FailedToParse', `The limit field in delete objects must be 0 or 1. Got ${limit}`);
    if (!coll) return;
    const { docs } = runQuery(coll, q, { limit, collation: optDoc(stmt, 'collation'), hint: stmt.hint }, server.stats);
    for (const doc of docs) coll.remove(doc, batch);
    n += docs.length;
  });
  server.stats.opcounters.delete += n;
  await server.commit(batch);
  return { n, ...(writeErrors.length ? { writeErrors } : {}), ok: 1 };
};

export const writeCommands: Record<string, CommandHandler> = { insert, delete: del };
