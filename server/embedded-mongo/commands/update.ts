import { mongoError } from '../errors';
import type { WriteBatch } from '../engine/collection';
import { checkUpdateKind, type UpdateSpec, updateOne, upsertOne } from '../engine/modify';
import { compileProjection } from '../engine/projection';
import { runQuery } from '../engine/query';
import { validateUpdate } from '../engine/update';
import { type Doc, isPlainObject } from '../engine/values';
import { docArray, optArray, optBool, optDoc, targetCollection } from './args';
import type { CommandHandler } from './context';
import { eachStatement } from './write-errors';

function updateSpec(filter: Doc, update: unknown, arrayFilters: unknown[] | undefined): UpdateSpec {
  if (!isPlainObject(update) && !Array.isArray(update))
    throw mongoError('FailedToParse', 'Update argument must be either an object or an array');
  return { filter, update: update as Doc | Doc[], arrayFilters: arrayFilters as Doc[] | undefined };
}

const update: CommandHandler = async ({ db, cmd }, server) => {
  const name = targetCollection(cmd);
  const statements = docArray(cmd, 'updates');
  const batch: WriteBatch = [];
  let n = 0;
  let nModified = 0;
  const upserted: Doc[] = [];
  const writeErrors = eachStatement(statements, optBool(cmd, 'ordered') ?? true, (stmt, index) => {
    const filter = optDoc(stmt, 'q') ?? {};
    const spec = updateSpec(filter, stmt.u, optArray(stmt, 'arrayFilters'));
    const kind = validateUpdate(spec.update);
    const multi = optBool(stmt, 'multi') ?? false;
    checkUpdateKind(kind, multi);
    const upsert = optBool(stmt, 'upsert') ?? false;
    const existing = server.catalog.get(db, name);
    const matched = existing
      ? runQuery(
          existing,
          filter,
          { limit: multi ? 0 : 1, collation: optDoc(stmt, 'collation'), hint: stmt.hint },
          server.stats,
        ).docs
      : [];
    if (matched.length === 0 && upsert) {
      const { coll } = server.catalog.getOrCreate(db, name, batch);
      const doc = upsertOne(coll, spec, kind, batch);
      upserted.push({ index, _id: doc._id });
      n++;
      return;
    }
    for (const doc of matched) {
      n++;
      if (updateOne(existing!, doc, spec, batch).modified) nModified++;
    }
  });
  server.stats.opcounters.update += statements.length;
  await server.commit(batch);
  return {
    n,
    nModified,
    ...(upserted.length ? { upserted } : {}),
    ...(writeErrors.length ? { writeErrors } : {}),
    ok: 1,
  };
};

const findAndModify: CommandHandler = async ({ db, cmd }, server) => {
  const name = targetCollection(cmd);
  const filter = optDoc(cmd, 'query') ?? {};
  const remove = optBool(cmd, 'remove') ?? false;
  const returnNew = optBool(cmd, 'new') ?? false;
  const upsert = optBool(cmd, 'upsert') ?? false;
  const hasUpdate = cmd.update !== undefined && cmd.update !== null;
  if (remove && hasUpdate) throw mongoError('FailedToParse', 'Cannot specify both an update and remove=true');
  if (!remove && !hasUpdate) throw mongoError('FailedToParse', 'Either an update or remove=true must be specified');
  if (remove && (returnNew || upsert))
    throw mongoError(
      'FailedToParse',
      "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
    );
  const project = compileProjection(optDoc(cmd, 'fields'), { filter });
  const batch: WriteBatch = [];
  const existing = server.catalog.get(db, name);
  const found = existing
    ? runQuery(
        existing,
        filter,
        { sort: optDoc(cmd, 'sort'), limit: 1, collation: optDoc(cmd, 'collation'), hint: cmd.hint },
        server.stats,
      ).docs[0]
    : undefined;

  let value: Doc | null = null;
  let lastErrorObject: Doc;
  if (remove) {
    if (found) {
      existing!.remove(found, batch);
      value = found;
    }
    lastErrorObject = { n: found ? 1 : 0 };
  } else {
    const spec = updateSpec(filter, cmd.update, optArray(cmd, 'arrayFilters'));
    const kind = validateUpdate(spec.update);
    if (found) {
      const { doc } = updateOne(existing!, found, spec, batch);
      value = returnNew ? doc : found;
      lastErrorObject = { n: 1, updatedExisting: true };
    } else if (upsert) {
      const { coll } = server.catalog.getOrCreate(db, name, batch);
      const doc = upsertOne(coll, spec, kind, batch);
      value = returnNew ? doc : null;
      lastErrorObject = { n: 1, updatedExisting: false, upserted: doc._id };
    } else {
      lastErrorObject = { n: 0, updatedExisting: false };
    }
  }
  server.stats.opcounters.command++;
  await server.commit(batch);
  return { lastErrorObject, value: value ? project(value) : null, ok: 1 };
};

export const updateCommands: Record<string, CommandHandler> = { update, findAndModify, findandmodify: findAndModify };
