// One article's live thread for the page, composed of hooks with one job each: the thread kept exact
// (use-thread-sync.ts), the new comments held above the reader's viewport (use-held-comments.ts), the
// comments being sent (use-pending-posts.ts) and those awaiting review (awaiting-review.ts); their results
// meet here as the tree the page shows, each comment once.
import { useMemo, useState } from 'preact/hooks';
import type { Presence } from '../../../shared/events';
import type { PublicArticle, PublicComment, PublicUser } from '../../../shared/types';
import { createAnnouncer } from './announcer';
import { stillAwaiting } from './awaiting-review';
import { buildTree, type ShownComment, type Sort, type ThreadNode } from './tree';
import { useHeldComments } from './use-held-comments';
import { type NewComment, unarrived, usePendingPosts } from './use-pending-posts';
import { useThreadSync } from './use-thread-sync';

export type { NewComment };

export interface ThreadView {
  status: 'loading' | 'ready' | 'error';
  error?: string;
  tree: ThreadNode[];
  commentCount: number;
  locked: boolean;
  presence: Presence | null;
  /** New comments held back because they would appear above the viewport. */
  held: number;
  revealHeld(): string | undefined;
  hasNext: boolean;
  hasPrev: boolean;
  loadNext(): Promise<void>;
  loadPrev(): Promise<void>;
  find(id: string): PublicComment | undefined;
  post(input: NewComment): Promise<void>;
  announcement: string;
}

export function useThread(
  article: PublicArticle,
  sort: Sort,
  around: string | undefined,
  me: PublicUser | null,
): ThreadView {
  const [announcement, setAnnouncement] = useState('');
  // One live region speaks for both: the new comments shown, and the confirmation of one's own post.
  const announcer = useMemo(() => createAnnouncer(setAnnouncement), []);
  const held = useHeldComments(sort, me, announcer);
  const thread = useThreadSync(article, sort, around, held.restart);
  const pending = usePendingPosts(article.id, announcer, thread.repair);
  const known = thread.comments;

  const tree = useMemo(() => {
    const shown: ShownComment[] = [...known.values()].filter((c) => !held.ids.has(c.id));
    shown.push(...stillAwaiting(thread.awaiting, known));
    const ids = new Set([...known.keys(), ...thread.awaiting.map((c) => c.id)]);
    shown.push(...unarrived(pending.list, ids, known, me));
    return buildTree(shown, sort);
  }, [known, thread.awaiting, held.ids, pending.list, me, sort]);

  const find = (id: string) => known.get(id);
  return {
    status: thread.status,
    error: thread.error,
    tree,
    commentCount: thread.commentCount,
    locked: thread.locked,
    presence: thread.presence,
    held: held.ids.size,
    revealHeld: () => held.reveal(find),
    hasNext: thread.hasNext,
    hasPrev: thread.hasPrev,
    loadNext: thread.loadNext,
    loadPrev: thread.loadPrev,
    find,
    post: pending.post,
    announcement,
  };
}
