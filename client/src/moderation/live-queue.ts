// The moderators' live queue on the page's one socket: every connection of a moderator joins it
// (`moderation:join`), whose acknowledgement gives the counts the header shows; `moderation:item` and
// `moderation:decided` keep them current and reach the queue page through `onQueue`.
import { isModerator, session } from '../lib/session';
import { socket } from '../lib/socket';
import { createStore } from '../lib/store';
import type { QueueCounts, QueueDecided, QueueItem } from './types';

/** The counts of the queue, null until this page has joined it (or when the reader is not a moderator). */
export const queueCounts = createStore<QueueCounts | null>(null);

export interface QueueListener {
  item(item: QueueItem): void;
  decided(decided: QueueDecided): void;
  /** The queue was joined again (a reconnect): what happened meanwhile is only in a fresh read. */
  rejoined(): void;
}

const listeners = new Set<QueueListener>();

export function onQueue(listener: QueueListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let joins = 0;

function join(): void {
  if (!socket.connected || !isModerator(session.get().user)) return queueCounts.set(null);
  const attempt = ++joins;
  socket.emit('moderation:join', {}, (answer) => {
    if (attempt !== joins) return;
    if (!answer.ok) return queueCounts.set(null);
    queueCounts.set(answer.counts);
    if (attempt > 1) for (const listener of [...listeners]) listener.rejoined();
  });
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * A decision does not say which list the comment was in (a removed comment may or may not have been
 * reported), so the counts are read again, once for a burst of decisions.
 */
function refreshCounts(): void {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    if (!socket.connected || !isModerator(session.get().user)) return;
    socket.emit('moderation:join', {}, (answer) => answer.ok && queueCounts.set(answer.counts));
  }, 300);
}

let started = false;

export function startLiveQueue(): void {
  if (started) return;
  started = true;
  socket.on('connect', join);
  // A sign-in reconnects the socket (which joins); a sign-out drops the counts at once.
  session.subscribe(({ user }) => {
    if (!isModerator(user)) queueCounts.set(null);
  });
  socket.on('moderation:item', (item) => {
    const counts = queueCounts.get();
    if (counts) queueCounts.set({ ...counts, [item.kind]: counts[item.kind] + 1 });
    for (const listener of [...listeners]) listener.item(item);
  });
  socket.on('moderation:decided', (decided) => {
    refreshCounts();
    for (const listener of [...listeners]) listener.decided(decided);
  });
  join();
}
