import type { Ack } from '../../shared/events';
import { errors } from '../../shared/errors';
import { toAppError } from '../http/error-middleware';
import { beforeDeadline } from '../http/request-deadline';
import type { Logger } from '../logger';
import type { Actor, Domain } from '../domain';
import { resolveActor } from '../http/authenticate';
import type { RealtimeSocket } from './types';

/**
 * The one place that turns a socket handler's outcome into its acknowledgement: `{ ok: true, ...answer }`
 * or `{ ok: false, error }` with the same codes and messages as the HTTP error middleware. A handler
 * never throws into Socket.IO, and a client that sent no callback simply gets no answer. Like an HTTP
 * request, a handler held up by a stalled store is answered `unavailable` at the deadline; its work goes
 * on (a post retried with the same `clientId` then finds its comment).
 */
export function withAck<P, T extends object>(
  logger: Logger,
  event: string,
  handler: (payload: P) => Promise<T>,
): (payload: P, ack?: (answer: Ack<T>) => void) => void {
  return (payload, ack) => {
    const answer = (a: Ack<T>) => {
      if (typeof ack === 'function') ack(a);
    };
    // A promise chain catches synchronous throws from the handler as well.
    Promise.resolve()
      .then(() => beforeDeadline(handler(payload)))
      .then(
        (result) => answer({ ok: true, ...result }),
        (err: unknown) => {
          const appError = toAppError(err);
          if (appError.code === 'internal') logger.error({ err, event }, 'socket handler failed');
          else if (appError.code === 'unavailable') logger.warn({ err, event }, appError.message);
          answer({ ok: false, error: appError.toEnvelope().error });
        },
      );
  };
}

/** How long a socket's session, once found live, is trusted for writes without asking the store again. */
export const SESSION_RECHECK_MS = 1000;
/**
 * A write on a check older than this still goes on at once but checks again behind it, so a socket that
 * writes steadily keeps a fresh check and never waits for one (two reads on a post's way to every reader).
 */
const REFRESH_AFTER_MS = SESSION_RECHECK_MS / 2;

/** The check in flight per socket (and when it began), so a burst of writes starts one. */
const checking = new WeakMap<RealtimeSocket, { began: number; actor: Promise<Actor> }>();

function recheck(socket: RealtimeSocket, domain: Domain, now: number): Promise<Actor> {
  const inFlight = checking.get(socket);
  if (inFlight && now - inFlight.began < SESSION_RECHECK_MS) return inFlight.actor;
  const actor = resolveActor(domain, socket.data.token).then((found) => {
    if (!found) {
      Object.assign(socket.data, { actor: undefined, token: undefined, checkedAt: undefined });
      throw errors.unauthenticated();
    }
    // The time the check began: the session was live then, not necessarily when the answer came.
    Object.assign(socket.data, { actor: found, checkedAt: Math.max(now, socket.data.checkedAt ?? 0) });
    return found;
  });
  const entry = { began: now, actor };
  checking.set(socket, entry);
  const done = () => {
    if (checking.get(socket) === entry) checking.delete(socket);
  };
  actor.then(done, done);
  return actor;
}

/**
 * The signed-in actor of a socket for a write, its session checked again as a request's would be (at most
 * once a second, so a burst of posts does not pay two reads each): a session that ended on an instance this
 * one did not hear from (Redis away) cannot go on writing here, and a role change counts from the next
 * check. Revocations that do arrive (the normal case) end the socket at once. Writes are accepted only on
 * a check begun less than SESSION_RECHECK_MS before them.
 */
export async function liveActor(socket: RealtimeSocket, domain: Domain, now = Date.now()): Promise<Actor> {
  const cached = socketActor(socket);
  const age = socket.data.checkedAt === undefined ? Infinity : now - socket.data.checkedAt;
  if (age >= SESSION_RECHECK_MS) return recheck(socket, domain, now);
  // A failed refresh is not this write's business: the next write after the expiry waits for its own check.
  if (age >= REFRESH_AFTER_MS) recheck(socket, domain, now).catch(() => undefined);
  return cached;
}

/** The signed-in actor of a socket, for the events that need one (like `requireSignedIn` on a route). */
export function socketActor(socket: RealtimeSocket): Actor {
  if (!socket.data.actor) throw errors.unauthenticated();
  return socket.data.actor;
}
