import type { Presence, UserRef } from '../../shared/events';
import type { Broadcaster } from './broadcaster';
import { createKeyedThrottle } from './keyed-throttle';
import { articleOfRoom, articleRoom, articlesReadHere } from './rooms';
import type { RemotePresence, SharedPresence } from './shared-presence';
import type { RealtimeServer } from './types';

/** A typing mark lasts this long unless renewed. */
export const TYPING_MS = 5000;
/** Presence goes out at most this often per article... */
const CHANGE_INTERVAL_MS = 1000;
/** ...and at least this often, so a client that lost a broadcast learns the lastSeq. */
const HEARTBEAT_MS = 15_000;
const TICK_MS = 1000;
/**
 * A lastSeq that moved is announced once it has stood still this long. While events flow each one
 * carries its seq, and a reader that lost one sees the gap at the next; a presence frame a second to
 * every reader would cost the fan-out of one more event (and send every reader whose events are a moment
 * behind it to /events). What the frame is for, a loss with nothing after it, shows once the thread is quiet.
 */
const QUIET_MS = 1000;
/** Another instance's lastSeq is learned at each sync (TICK_MS): still for two syncs is still. */
const REMOTE_QUIET_MS = QUIET_MS + 1.5 * TICK_MS;

export interface PresenceTracker {
  /** A socket joined the article (it is already in the room); answers the presence to acknowledge with. */
  joined(articleId: string, lastSeq: number): Presence;
  /** A socket left the article or disconnected (it is already out of the room). */
  left(articleId: string): void;
  /**
   * The stored lastSeq of an article read here, when this instance may have missed some of its events (its
   * Redis subscription was down): its readers get presence with it at once (within the throttle's second).
   */
  storedSeq(articleId: string, seq: number): void;
  typing(articleId: string, user: UserRef): void;
  stoppedTyping(articleId: string, userId: string): void;
  close(): void;
}

/**
 * Readers, typing users and lastSeq per article. Readers are the sockets in the article's room on this
 * instance; typing marks expire after TYPING_MS; lastSeq follows the broadcaster and goes out once it
 * stands still (QUIET_MS) or with the next change of readers or typing users. With `shared` (Redis),
 * what the other instances report is added once a second; while Redis is away presence falls back to
 * this instance's own view. Each instance sends presence to its own sockets only.
 */
export function createPresence(deps: {
  io: RealtimeServer;
  broadcaster: Broadcaster;
  shared?: SharedPresence;
  now?: () => number;
  /** HEARTBEAT_MS unless a test wants to see heartbeats sooner (rounded to whole seconds). */
  heartbeatMs?: number;
}): PresenceTracker {
  const { io, broadcaster, shared } = deps;
  const now = deps.now ?? Date.now;
  const heartbeatTicks = Math.max(1, Math.round((deps.heartbeatMs ?? HEARTBEAT_MS) / TICK_MS));
  const typingUntil = new Map<string, Map<string, { user: UserRef; until: number }>>();
  const lastSeq = new Map<string, number>();
  let remote = new Map<string, RemotePresence>();
  /** Per article, the readers and typing users last sent (as JSON), and the lastSeq last sent. */
  const lastSent = new Map<string, string>();
  const announced = new Map<string, number>();
  const quiet = new Map<string, NodeJS.Timeout>();

  const readersOf = (articleId: string) => io.of('/').adapter.rooms.get(articleRoom(articleId))?.size ?? 0;
  const snapshot = (articleId: string): Presence => {
    const local = [...(typingUntil.get(articleId)?.values() ?? [])].map((t) => t.user);
    const elsewhere = remote.get(articleId);
    const typing = [...local, ...(elsewhere?.typing ?? []).filter((user) => !local.some((u) => u.id === user.id))];
    return {
      articleId,
      readers: readersOf(articleId) + (elsewhere?.readers ?? 0),
      typing,
      lastSeq: Math.max(lastSeq.get(articleId) ?? 0, elsewhere?.lastSeq ?? 0),
    };
  };
  const seen = (articleId: string, seq: number) => lastSeq.set(articleId, Math.max(lastSeq.get(articleId) ?? 0, seq));
  const people = (presence: Presence) => JSON.stringify([presence.readers, presence.typing]);

  const throttle = createKeyedThrottle(CHANGE_INTERVAL_MS, (articleId) => {
    if (readersOf(articleId) === 0) return forget(articleId);
    const presence = snapshot(articleId);
    lastSent.set(articleId, people(presence));
    announced.set(articleId, presence.lastSeq);
    broadcaster.broadcastPresence(presence);
  });
  /** The lastSeq moved: announce it once it stands still (QUIET_MS), unless a frame carried it meanwhile. */
  const seqMoved = (articleId: string, quietMs: number) => {
    clearTimeout(quiet.get(articleId));
    const timer = setTimeout(() => {
      quiet.delete(articleId);
      if (snapshot(articleId).lastSeq > (announced.get(articleId) ?? 0)) throttle.request(articleId);
    }, quietMs);
    quiet.set(articleId, timer.unref());
  };
  const forget = (articleId: string) => {
    typingUntil.delete(articleId);
    lastSeq.delete(articleId);
    lastSent.delete(articleId);
    announced.delete(articleId);
    clearTimeout(quiet.get(articleId));
    quiet.delete(articleId);
  };

  // One sync at a time; a change seen in what the other instances report goes out like a local one.
  let syncing = false;
  const syncShared = () => {
    if (!shared || syncing) return;
    syncing = true;
    const localReaders = articlesReadHere(io);
    const adopt = (next: Map<string, RemotePresence>) => {
      const before = remote;
      remote = next;
      for (const articleId of localReaders.keys()) {
        if (lastSent.has(articleId) && lastSent.get(articleId) !== people(snapshot(articleId)))
          throttle.request(articleId);
        if ((next.get(articleId)?.lastSeq ?? 0) > (before.get(articleId)?.lastSeq ?? 0))
          seqMoved(articleId, REMOTE_QUIET_MS);
      }
    };
    shared
      .sync(localReaders)
      .then(adopt, () => adopt(new Map()))
      .finally(() => (syncing = false));
  };

  broadcaster.onBroadcast((event) => {
    shared?.noteLastSeq(event.articleId, event.seq);
    if (readersOf(event.articleId) === 0 || event.seq <= (lastSeq.get(event.articleId) ?? 0)) return;
    noteLastSeq(event.articleId, event.seq);
    seqMoved(event.articleId, QUIET_MS);
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
    if (ticks % heartbeatTicks === 0) {
      for (const room of io.of('/').adapter.rooms.keys()) {
        const articleId = articleOfRoom(room);
        if (articleId) throttle.request(articleId);
      }
    }
    syncShared();
  }, TICK_MS);
  timer.unref();

  return {
    joined(articleId, seq) {
      noteLastSeq(articleId, seq);
      throttle.request(articleId);
      return snapshot(articleId);
    },
    left(articleId) {
      throttle.request(articleId);
    },
    storedSeq(articleId, seq) {
      if (readersOf(articleId) === 0) return;
      noteLastSeq(articleId, seq);
      throttle.request(articleId);
    },
    typing(articleId, user) {
      const users = typingUntil.get(articleId) ?? new Map<string, { user: UserRef; until: number }>();
      typingUntil.set(articleId, users);
      const wasTyping = users.has(user.id);
      const until = now() + TYPING_MS;
      users.set(user.id, { user, until });
      shared?.typing(articleId, user, until);
      if (!wasTyping) throttle.request(articleId);
    },
    stoppedTyping(articleId, userId) {
      if (typingUntil.get(articleId)?.delete(userId)) {
        shared?.stoppedTyping(articleId, userId);
        throttle.request(articleId);
      }
    },
    close() {
      clearInterval(timer);
      for (const t of quiet.values()) clearTimeout(t);
      throttle.close();
      shared?.close();
    },
  };
}
