// The queue page's state: both lists (held, reported), oldest first, read page by page; live items
// added as they come; an item decided by any moderator leaving every moderator's page with a short
// notice naming who decided it, so two moderators never work the same item unaware.
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from '../lib/api';
import { session } from '../lib/session';
import { commentActions } from '../thread/moderation-api';
import { onQueue } from './live-queue';
import { queueApi } from './queue-api';
import type { DecidedAction, QueueItem, QueueKind } from './types';

export interface QueueList {
  items: QueueItem[];
  next: string | null;
  error: string;
  loaded: boolean;
}

export interface QueueView {
  lists: Record<QueueKind, QueueList>;
  /** The last decision seen ("Comment by X approved by Y"), for the live region. */
  notice: string;
  more(kind: QueueKind): Promise<void>;
  /** Makes the decision; the item leaves once the server agrees (an error is thrown for the caller). */
  decide(item: QueueItem, action: DecidedAction, reason?: string): Promise<void>;
}

const empty = (): QueueList => ({ items: [], next: null, error: '', loaded: false });

const PAST: Record<DecidedAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  remove: 'removed',
  restore: 'restored',
  dismiss: 'dismissed',
};

const act: Record<DecidedAction, (id: string, reason: string) => Promise<unknown>> = {
  approve: (id) => queueApi.approve(id),
  reject: (id, reason) => queueApi.reject(id, reason),
  remove: (id, reason) => commentActions.remove(id, reason),
  restore: (id) => commentActions.restore(id),
  dismiss: (id) => commentActions.dismissReports(id),
};

export function useQueue(): QueueView {
  const [lists, setLists] = useState<Record<QueueKind, QueueList>>({ pending: empty(), reported: empty() });
  const [notice, setNotice] = useState('');
  const listsRef = useRef(lists);
  listsRef.current = lists;

  const update = (kind: QueueKind, change: (list: QueueList) => QueueList) =>
    setLists((old) => ({ ...old, [kind]: change(old[kind]) }));

  const load = async (kind: QueueKind, cursor?: string) => {
    try {
      const page = await queueApi.page(kind, cursor);
      update(kind, (list) => {
        const kept = cursor ? list.items : [];
        const ids = new Set(kept.map((i) => i.comment.id));
        const items = [...kept, ...page.items.filter((i) => !ids.has(i.comment.id)).map((i) => ({ ...i, kind }))];
        return { items, next: page.nextCursor, error: '', loaded: true };
      });
    } catch (err) {
      update(kind, (list) => ({ ...list, error: describeError(err), loaded: true }));
    }
  };

  /** Takes the comment out of both lists; answers the item it was, if it was shown. */
  const drop = (commentId: string) => {
    const found = [...listsRef.current.pending.items, ...listsRef.current.reported.items].find(
      (i) => i.comment.id === commentId,
    );
    setLists((old) => ({
      pending: { ...old.pending, items: old.pending.items.filter((i) => i.comment.id !== commentId) },
      reported: { ...old.reported, items: old.reported.items.filter((i) => i.comment.id !== commentId) },
    }));
    return found;
  };

  useEffect(() => {
    const reload = () => void Promise.all([load('pending'), load('reported')]);
    reload();
    return onQueue({
      item(item) {
        // Oldest first: a new item belongs at the end, which is on the page only once every page is read.
        update(item.kind, (list) =>
          list.next !== null || list.items.some((i) => i.comment.id === item.comment.id)
            ? list
            : { ...list, items: [...list.items, item] },
        );
      },
      decided({ commentId, action, by }) {
        const found = drop(commentId);
        const mine = by.id === session.get().user?.id;
        if (found && !mine)
          setNotice(`Comment by ${found.comment.author.displayName} ${PAST[action]} by ${by.displayName}.`);
      },
      rejoined: reload,
    });
  }, []);

  return {
    lists,
    notice,
    more: (kind) => load(kind, listsRef.current[kind].next ?? undefined),
    async decide(item, action, reason = '') {
      await act[action](item.comment.id, reason);
      drop(item.comment.id);
      setNotice(`Comment by ${item.comment.author.displayName} ${PAST[action]}.`);
    },
  };
}
