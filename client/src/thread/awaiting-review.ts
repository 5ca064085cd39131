// Comments awaiting review (pre-moderation) on one article's page. They have no seq and no event, so the
// thread's list and log never carry them: the server sends those the reader may see (their own; every one
// for a moderator) beside the thread's first page, as `held`. They are read again on each reconnect (a
// sign-in or sign-out reconnects too), since decisions made meanwhile reach the page through nothing else;
// an approved one then arrives as its `comment.created` event, which takes its place (same id). A moderator's
// page is in the live queue as well (live-queue.ts): a comment held on this article appears at once, and a
// rejected one goes.
import type { PublicComment } from '../../../shared/types';
import { api, query } from '../lib/api';
import { onQueue } from '../moderation/live-queue';
import { session } from '../lib/session';
import { socket } from '../lib/socket';

/** Who the server answered for: a read made for someone else is read again on the next connect. */
export const viewerNow = () => session.get().user?.id;

/** The held comments as a fresh first page would bring them (one comment asked for: only `held` is read). */
async function readAwaiting(articleId: string): Promise<PublicComment[]> {
  const path = `/api/articles/${encodeURIComponent(articleId)}/comments${query({ limit: 1 })}`;
  return (await api<{ held?: PublicComment[] }>('GET', path)).held ?? [];
}

type AwaitingUpdate = PublicComment[] | ((held: PublicComment[]) => PublicComment[]);

/**
 * Reads them again on each connect after the first page was read, the latest read winning; a failed read
 * keeps them as they were. Follows the live queue's news of this article meanwhile. Answers the stop.
 */
export function followAwaiting(
  articleId: string,
  readFor: string | undefined,
  active: () => boolean,
  setAwaiting: (update: AwaitingUpdate) => void,
): () => void {
  // The socket's first connect after the page was read, for the same reader, would read the same list.
  let fresh = !socket.connected;
  let latest = 0;
  const reread = () => {
    if (fresh && viewerNow() === readFor) {
      fresh = false;
      return;
    }
    fresh = false;
    const mine = ++latest;
    readAwaiting(articleId).then(
      (held) => {
        if (active() && mine === latest) setAwaiting(held);
      },
      () => undefined,
    );
  };
  socket.on('connect', reread);
  const stopQueue = onQueue({
    item({ kind, comment }) {
      if (kind !== 'pending' || comment.articleId !== articleId || !active()) return;
      setAwaiting((held) => (held.some((c) => c.id === comment.id) ? held : [...held, comment]));
    },
    decided({ commentId, action }) {
      // An approved one stays until its event takes its place; a rejected one has no event to wait for.
      if (action === 'reject' && active()) setAwaiting((held) => held.filter((c) => c.id !== commentId));
    },
    // The socket's connect above reads them again.
    rejoined: () => undefined,
  });
  return () => {
    socket.off('connect', reread);
    stopQueue();
  };
}

/** The held comments to show: those not yet arrived in the thread (an approved one arrives with its event). */
export const stillAwaiting = (awaiting: PublicComment[], known: Map<string, PublicComment>): PublicComment[] =>
  awaiting.filter((comment) => !known.has(comment.id));
