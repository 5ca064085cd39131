import { MongoCommandError, mongoError } from '../errors';
import { checkMaxTime } from '../time-limit';
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
export async function dispatchCommand(
  server: ServerContext,
  db: string,
  cmd: Doc,
  connectionId: number,
  log: (msg: string) => void,
  receivedAt = performance.now(),
): Promise<Doc> {
  const name = commandName(cmd);
  try {
    const deadline = maxTimeDeadline(cmd, receivedAt);
    if (cmd.startTransaction || cmd.autocommit !== undefined) {
      throw mongoError(
        'IllegalOperation',
        'Transactions are not supported by the embedded MongoDB-compatible server (standalone, no replica set)',
      );
    }
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (!handler) throw mongoError('CommandNotFound', `no such command: '${name}'`);
    checkMaxTime(deadline);
    return await handler({ db, cmd, connectionId, deadline }, server);
  } catch (err) {
    if (err instanceof MongoCommandError) return err.toReply();
    log(`command ${name} failed: ${(err as Error).stack ?? String(err)}`);
    return {
      ok: 0,
      errmsg: `internal error in ${name}: ${(err as Error).message}`,
      code: 1,
      codeName: 'InternalError',
    };
  }
}

/** `maxTimeMS` as mongod reads it: a non-negative whole number of milliseconds; 0 or absent means no limit. */
function maxTimeDeadline(cmd: Doc, receivedAt: number): number | undefined {
  const ms = cmd.maxTimeMS;
  if (ms === undefined || ms === null) return undefined;
  // Drivers send an int32 or a double; a Long (from the shell) has toNumber.
  const toNumber = (ms as { toNumber?: () => number }).toNumber;
  const n = typeof ms === 'number' ? ms : typeof toNumber === 'function' ? toNumber.call(ms) : NaN;
  if (!Number.isInteger(n) || n < 0) throw mongoError('BadValue', 'maxTimeMS must be a non-negative integer');
  return n === 0 ? undefined : receivedAt + n;
}
