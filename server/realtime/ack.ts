import type { Ack } from '../../shared/events';
import { AppError, errors } from '../../shared/errors';
import { logFailure, toAppError } from '../lib/error-mapping';
import { beforeDeadline, REQUEST_DEADLINE_MS } from '../lib/deadline';
import { hasRole, type Actor, type AppContext } from '../app-context';
import { resolveActor } from '../users/resolve-actor';
import type { RealtimeContext } from './context';
import { EVENT_POLICIES, type LimitedEvent } from './socket-gate';
import type { RealtimeSocket } from './types';

/**
 * The one place that turns a socket handler's outcome into its acknowledgement: `{ ok: true, ...answer }`
 * or `{ ok: false, error }` with the same codes and messages as the HTTP error middleware. A handler
 * never throws into Socket.IO, and a client that sent no callback simply gets no answer. The socket's gate
 * comes first (its rate limits, then its turn among the socket's requests: socket-gate.ts). Like an HTTP
 * request, a handler held up by a stalled store is answered `unavailable` at the deadline, counted from
 * the event's arrival; its work goes on (a post retried with the same `clientId` then finds its
 * comment), but work still waiting for its turn then is dropped. The answerer is made once per server and
 * shared by every socket (the socket is an argument): an idle socket carries no closure of its own.
 */
export function withAck<T extends object>(
  { logger, gate }: Pick<RealtimeContext, 'logger' | 'gate'>,
  event: string,
  handler: (socket: RealtimeSocket, payload: unknown) => Promise<T>,
): (socket: RealtimeSocket, payload: unknown, ack?: unknown) => void {
  const limited = Object.hasOwn(EVENT_POLICIES, event) ? (event as LimitedEvent) : undefined;
  return (socket, payload, ack) => {
    const answer = (a: Ack<T>) => {
      if (typeof ack === 'function') (ack as (answer: Ack<T>) => void)(a);
    };
    const arrived = Date.now();
    const inTime = () => {
      // Answered `unavailable` at the deadline already: nobody waits for this work any more.
      if (Date.now() - arrived >= REQUEST_DEADLINE_MS) {
        throw errors.unavailable([], 'Dropped: the deadline passed while it waited.');
      }
      return handler(socket, payload);
    };
    // A promise chain catches synchronous throws (the gate's refusals, the handler's) as well.
    Promise.resolve()
      .then(() => {
        if (limited) gate.admit(socket, limited);
        return beforeDeadline(gate.schedule(socket, inTime));
      })
      .then(
        (result) => answer({ ok: true, ...result }),
        (err: unknown) => {
          const appError = toAppError(err);
          logFailure(logger, err, appError, { event }, 'socket handler failed');
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

/** A check begun less than `shareWithinMs` before is shared rather than started again. */
function recheck(socket: RealtimeSocket, ctx: AppContext, now: number, shareWithinMs = SESSION_RECHECK_MS) {
  const inFlight = checking.get(socket);
  if (inFlight && now - inFlight.began < shareWithinMs) return inFlight.actor;
  const actor = resolveActor(ctx, socket.data.token).then((found) => {
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
export async function liveActor(socket: RealtimeSocket, ctx: AppContext, now = Date.now()): Promise<Actor> {
  const cached = socketActor(socket);
  const age = socket.data.checkedAt === undefined ? Infinity : now - socket.data.checkedAt;
  if (age >= SESSION_RECHECK_MS) return recheck(socket, ctx, now);
  // A failed refresh is not this write's business: the next write after the expiry waits for its own check.
  if (age >= REFRESH_AFTER_MS) recheck(socket, ctx, now).catch(() => undefined);
  return cached;
}

/** The signed-in actor of a socket, for the events that need one (like `requireSignedIn` on a route). */
export function socketActor(socket: RealtimeSocket): Actor {
  if (!socket.data.actor) throw errors.unauthenticated();
  return socket.data.actor;
}

/**
 * Whether a socket's reads get the moderator's view (removed text included). The role of the handshake
 * may be stale, a demotion since then included, so a moderator's role is read again for each such read
 * (not shared with a check begun earlier); a member's or an anonymous reader's costs nothing. A session
 * found ended makes the socket an anonymous reader.
 */
export async function seesAsModerator(socket: RealtimeSocket, ctx: AppContext): Promise<boolean> {
  if (!socket.data.actor || !hasRole(socket.data.actor, 'moderator')) return false;
  try {
    return hasRole(await recheck(socket, ctx, Date.now(), 0), 'moderator');
  } catch (err) {
    if (err instanceof AppError && err.code === 'unauthenticated') return false;
    throw err;
  }
}
