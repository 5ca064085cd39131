/**
 * What a caller may learn from an error, and how a failure is logged: one rule for HTTP requests and
 * socket events alike (the HTTP error middleware and the socket ack helper both use it).
 */
import { AppError, errors } from '../../shared/errors';
import type { Logger } from '../logger';
import { bulkWriteErrors, isTimeLimitExceeded } from './mongo-errors';

/** `details.retryAfter` (seconds) of a rate limit or of a refusal by a busy server. */
export const retryAfterOf = (appError: AppError): number | undefined => {
  const retryAfter = (appError.details as { retryAfter?: unknown } | undefined)?.retryAfter;
  return typeof retryAfter === 'number' ? retryAfter : undefined;
};

/**
 * The log line of a failed request or socket event (one rule for both). Unexpected errors keep their stack;
 * an `unavailable` of our own (a deadline, a busy server) is one short line without one, as it comes in
 * floods; a refusal that names when to come back is expected under load and logged at debug only.
 */
export function logFailure(
  logger: Logger,
  err: unknown,
  appError: AppError,
  context: Record<string, unknown>,
  internalMessage: string,
): void {
  if (appError.code === 'internal') logger.error({ err, ...context }, internalMessage);
  else if (appError.code !== 'unavailable') return;
  else if (!(err instanceof AppError)) logger.warn({ err, ...context }, appError.message);
  else if (retryAfterOf(appError) === undefined) logger.warn({ ...context, code: appError.code }, appError.message);
  else logger.debug({ ...context, code: appError.code }, appError.message);
}

/** What a caller may learn from an error (over HTTP and on sockets alike). */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const clientError = fromClientError(err);
  if (clientError) return clientError;
  if (isStoreUnreachable(err)) return errors.unavailable(['MongoDB']);
  // A read stopped at its maxTimeMS: the store is too busy to answer in time, which a retry may not meet.
  if (isTimeLimitExceeded(err)) return errors.unavailable(['MongoDB'], 'MongoDB is slow to answer; try again.');
  return errors.internal();
}

/**
 * express.json() and the router report the client's mistakes as errors with a 4xx `status` (and, from
 * body-parser, a `type`). Their message is shown only when they mark it safe to show (`expose`).
 */
function fromClientError(err: unknown): AppError | undefined {
  const e = err as { type?: unknown; status?: unknown; expose?: unknown; message?: unknown } | null;
  if (typeof e !== 'object' || e === null) return undefined;
  if (e.type === 'entity.parse.failed') return errors.badRequest('The request body is not valid JSON.');
  if (e.type === 'entity.too.large' || e.status === 413) return errors.payloadTooLarge();
  if (typeof e.status !== 'number' || e.status < 400 || e.status >= 500) return undefined;
  if (e.status === 404) return errors.notFound();
  return errors.badRequest(
    e.expose === true && typeof e.message === 'string' ? e.message : 'The request is not valid.',
  );
}

/** Driver errors that mean "no MongoDB to talk to right now", as opposed to a bad query. */
const UNREACHABLE_ERROR_NAMES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
  'MongoPoolClearedError',
  'MongoOperationTimeoutError',
  // No connection free within the selection timeout: every connection hangs on a stalled store.
  'MongoWaitQueueTimeoutError',
]);

/**
 * A connection that broke under a command: the driver sometimes passes Node's own socket error on as it is
 * (EPIPE when the store was killed between two writes of a command) instead of a MongoNetworkError.
 */
const CONNECTION_LOST_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT']);

/** Mongoose reports a missing connection as a plain MongooseError; only its message tells. */
const MONGOOSE_UNREACHABLE = /buffering timed out|before initial connection is complete|Connection was force closed/;

/**
 * A bulk write (insertMany, bulkWrite) that got no answer: no write errors and no write concern error
 * (bulkWriteErrors). The driver copies only the original error's own fields, not its name:
 * `beforeHandshake` (every network error, a cleared pool's too), `reason` (server selection), `address`
 * (no free connection, or a closed pool).
 */
function isUnansweredBulkWrite(err: object): boolean {
  if (bulkWriteErrors(err)?.length !== 0 || (err as { err?: unknown }).err !== undefined) return false;
  return 'beforeHandshake' in err || 'reason' in err || 'address' in err;
}

export function isStoreUnreachable(err: unknown): boolean {
  if (typeof err === 'object' && err !== null && isUnansweredBulkWrite(err)) return true;
  // Follow `cause` a few levels: wrappers (ours or the driver's) keep the original there.
  for (
    let e = err, depth = 0;
    typeof e === 'object' && e !== null && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { name, message, code } = e as { name?: unknown; message?: unknown; code?: unknown };
    if (typeof name === 'string' && UNREACHABLE_ERROR_NAMES.has(name)) return true;
    if (typeof code === 'string' && CONNECTION_LOST_CODES.has(code)) return true;
    if (name === 'MongooseError' && typeof message === 'string' && MONGOOSE_UNREACHABLE.test(message)) return true;
  }
  return false;
}
