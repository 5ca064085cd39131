import type { Presence, UserRef } from '../../shared/events';
import type { Broadcaster } from './broadcaster';
import { createKeyedThrottle } from './keyed-throttle';
import { articleOfRoom, articleRoom } from './rooms';
import type { RealtimeServer } from './types';

/** A typing mark lasts this long unless renewed. */
export const TYPING_MS = 5000;
/** Presence goes out at most this often per article... */
const CHANGE_INTERVAL_MS = 1000;
/** ...and at least this often, so a client that lost a broadcast learns the lastSeq. */
const HEARTBEAT_MS = 15_000;
const TICK_MS = 1000;

export interface PresenceTracker {
  /** A socket joined the article (it is already in the room); answers the presence to acknowledge with. */
  joined(articleId: string, lastSeq: number): Presence;
  /** A socket left the article or disconnected (it is already out of the room). */
  left(articleId: string): void;
  typing(articleId: string, user: UserRef): void;
  stoppedTyping(articleId: string, userId: string): void;
  close(): void;
}

/**
 * Readers, typing users and lastSeq per article, on this instance. Readers are the sockets in the
 * article's room; typing marks expire after TYPING_MS; lastSeq follows the broadcaster.
 */
export function createPresence(deps: { io: RealtimeServer; broadcaster: Broadcaster; now?: () => number }): PresenceTracker {
  const { io, broadcaster } = deps;
  const now = deps.now ?? Date.now;
  const typingUntil = new Map<string, Map<string, { user: UserRef; until: number }>>();
  const lastSeq = new Map<string, number>();

  const readersOf = (articleId: string) => io.of('/').adapter.rooms.get(articleRoom(articleId))?.size ?? 0;
  const snapshot = (articleId: string): Presence => ({
    articleId,
    readers: readersOf(articleId),
    typing: [...(typingUntil.get(articleId)?.values() ?? [])].map((t) => t.user),
    lastSeq: lastSeq.get(articleId) ?? 0,
  });
  const seen = (articleId: string, seq: number) => lastSeq.set(articleId, Math.max(lastSeq.get(articleId) ?? 0, seq));

  const throttle = createKeyedThrottle(CHANGE_INTERVAL_MS, (articleId) => {
    if (readersOf(articleId) === 0) return forget(articleId);
    broadcaster.broadcastPresence(snapshot(articleId));
  });
  const forget = (articleId: string) => {
    typingUntil.delete(articleId);
    lastSeq.delete(articleId);
  };

  // lastSeq is part of presence: a new event is a change (still at most one presence a second).
  broadcaster.onBroadcast((event) => {
    if (readersOf(event.articleId) === 0 || event.seq <= (lastSeq.get(event.articleId) ?? 0)) return;
    seen(event.articleId, event.seq);
    throttle.request(event.articleId);
  });

  let ticks = 0;
  const timer = setInterval(() => {
    ticks += 1;
    const t = now();
    for (const [articleId, users] of typingUntil) {
      let expired = false;
      for (const [userId, mark] of users) {
        if (mark.until <= t) expired = users.delete(userId);
      }
      if (users.size === 0) typingUntil.delete(articleId);
      if (expired) throttle.request(articleId);
    }
    if (ticks % (HEARTBEAT_MS / TICK_MS) === 0) {
      for (const room of io.of('/').adapter.rooms.keys()) {
        const articleId = articleOfRoom(room);
        if (articleId) throttle.request(articleId);
      }
    }
  }, TICK_MS);
  timer.unref();

  return {
    joined(articleId, seq) {
      seen(articleId, seq);
      throttle.request(articleId);
      return snapshot(articleId);
    },
    left(articleId) {
      throttle.request(articleId);
    },
    typing(articleId, user) {
      const users = typingUntil.get(articleId) ?? new Map<string, { user: UserRef; until: number }>();
      typingUntil.set(articleId, users);
      const wasTyping = users.has(user.id);
      users.set(user.id, { user, until: now() + TYPING_MS });
      if (!wasTyping) throttle.request(articleId);
    },
    stoppedTyping(articleId, userId) {
      if (typingUntil.get(articleId)?.delete(userId)) throttle.request(articleId);
    },
    close() {
      clearInterval(timer);
      throttle.close();
    },
  };
}
