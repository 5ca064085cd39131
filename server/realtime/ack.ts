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
 * The signed-in actor of a socket for a write, its session checked again as a request's would be (at most
 * once a second, so a burst of posts does not pay two reads each): a session that ended on an instance this
 * one did not hear from (Redis away) cannot go on writing here, and a role change counts from the next
 * check. Revocations that do arrive (the normal case) end the socket at once.
 */
export async function liveActor(socket: RealtimeSocket, domain: Domain, now = Date.now()): Promise<Actor> {
  const cached = socketActor(socket);
  if (socket.data.checkedAt !== undefined && now - socket.data.checkedAt < SESSION_RECHECK_MS) return cached;
  const actor = await resolveActor(domain, socket.data.token);
  if (!actor) {
    Object.assign(socket.data, { actor: undefined, token: undefined, checkedAt: undefined });
    throw errors.unauthenticated();
  }
  Object.assign(socket.data, { actor, checkedAt: now });
  return actor;
}

/** The signed-in actor of a socket, for the events that need one (like `requireSignedIn` on a route). */
export function socketActor(socket: RealtimeSocket): Actor {
  if (!socket.data.actor) throw errors.unauthenticated();
  return socket.data.actor;
}
