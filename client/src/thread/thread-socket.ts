// The socket side of one article's thread on the page: what feeds the shared thread sync, and the wait
// before a failed first load is tried again.
import type { Presence } from '../../../shared/events';
import type { ThreadSync } from '../../../shared/thread-sync';
import type { PublicEvent } from '../../../shared/types';
import { socket } from '../lib/socket';

/** A failed fetch of `/events` keeps the thread as it was; the next presence or reconnect repairs again. */
export const quietly = (work: Promise<void> | undefined) => void work?.catch(() => undefined);

/** Feeds the socket to the sync — joins (again on each reconnect), live events, presence; answers the stop. */
export function followSocket(
  articleId: string,
  sync: ThreadSync,
  active: () => boolean,
  setPresence: (presence: Presence) => void,
): () => void {
  const join = () => {
    sync.beginJoin();
    // Batched: a busy thread comes as a few packets a second rather than one per comment.
    socket.emit('article:join', { articleId, afterSeq: sync.state().lastApplied, batch: true }, (ack) => {
      if (!active()) return;
      if (ack.ok) {
        setPresence(ack.presence);
        quietly(sync.joined(ack));
      } else {
        // Not joined: release what was held and catch up from the log; the next reconnect joins again.
        quietly(sync.joined({ lastSeq: sync.state().lastApplied, missed: [] }).then(() => sync.repair()));
      }
    });
  };
  const onEvents = (batch: { articleId: string; events: PublicEvent[] }) => {
    if (batch.articleId === articleId) quietly(sync.onEvents(batch.events));
  };
  const onPresence = (p: Presence) => {
    if (p.articleId !== articleId) return;
    setPresence(p);
    quietly(sync.onPresence(p));
  };
  socket.on('connect', join);
  socket.on('article:events', onEvents);
  socket.on('presence', onPresence);
  if (socket.connected) join();
  return () => {
    socket.off('connect', join);
    socket.off('article:events', onEvents);
    socket.off('presence', onPresence);
    if (socket.connected) socket.emit('article:leave', { articleId }, () => undefined);
  };
}

/** Waits before the next try: longer each time (up to 15 s), cut short when the socket (re)connects. */
export function retryDelay(attempt: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      socket.off('connect', done);
      resolve();
    };
    const timer = setTimeout(done, Math.min(1000 * 2 ** attempt, 15_000));
    socket.once('connect', done);
  });
}
