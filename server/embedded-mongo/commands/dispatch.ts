import { MongoCommandError, mongoError } from '../errors';
import type { Doc } from '../engine/values';
import { aggregateCommands } from './aggregate';
import { commandName } from './args';
import type { CommandHandler, ServerContext } from './context';
import { explainCommands } from './explain';
import { findCommands } from './find';
import { handshakeCommands } from './handshake';
import { indexCommands } from './indexes';
import { namespaceCommands } from './namespaces';
import { updateCommands } from './update';
import { writeCommands } from './write';

const handlers: Record<string, CommandHandler> = {
  ...handshakeCommands,
  ...namespaceCommands,
  ...findCommands,
  ...writeCommands,
  ...updateCommands,
  ...indexCommands,
  ...aggregateCommands,
  ...explainCommands,
};

/**
 * Runs one command and always answers a reply document: MongoDB errors become `{ ok: 0, ... }`; anything
 * else (a bug) becomes InternalError with its message, and is logged.
 */
export async function dispatchCommand(server: ServerContext, db: string, cmd: Doc, connectionId: number, log: (msg: string) => void): Promise<Doc> {
  const name = commandName(cmd);
  try {
    if (cmd.startTransaction || cmd.autocommit !== undefined) {
      throw mongoError('IllegalOperation', 'Transactions are not supported by the embedded MongoDB-compatible server (standalone, no replica set)');
    }
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (!handler) throw mongoError('CommandNotFound', `no such command: '${name}'`);
    return await handler({ db, cmd, connectionId }, server);
  } catch (err) {
    if (err instanceof MongoCommandError) return err.toReply();
    log(`command ${name} failed: ${(err as Error).stack ?? String(err)}`);
    return { ok: 0, errmsg: `internal error in ${name}: ${(err as Error).message}`, code: 1, codeName: 'InternalError' };
  }
}
