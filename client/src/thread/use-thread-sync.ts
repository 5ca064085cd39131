// One article's thread kept exact on the page: the first page from REST, then the shared thread logic
// (shared/thread-sync.ts) fed by the socket — join with afterSeq, live events, presence — so that ordering,
// upserts and gap repair are the same code the server's tests exercise. Further pages load on request.
// The comments awaiting review that come beside the first page are kept apart (awaiting-review.ts).
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Presence } from '../../../shared/events';
import { createThreadSync, type ThreadState, type ThreadSync } from '../../../shared/thread-sync';
import type { PublicArticle, PublicComment, PublicEvent } from '../../../shared/types';
import { api, describeError, query } from '../lib/api';
import { followAwaiting, viewerNow } from './awaiting-review';
import { followSocket, quietly, retryDelay } from './thread-socket';
import type { Sort } from './tree';

interface Page {
  items: PublicComment[];
  nextCursor: string | null;
  prevCursor?: string | null;
  lastSeq: number;
  /** A signed-in reader's first page: the held comments they may see (pre-moderation). */
  held?: PublicComment[];
}

interface EventsPage {
  items: PublicEvent[];
  lastSeq: number;
}

/**
 * Called as each load of the thread starts; answers where that load's comments arriving live (not in its
 * first page) go, each once and in seq order, just before the thread shows them.
 */
export type ArrivalsFor = () => (arrivals: PublicComment[]) => void;

export interface ThreadSyncView {
  status: 'loading' | 'ready' | 'error';
  error?: string;
  /** Every comment known, by id: the first page, the live ones and the further pages. */
  comments: Map<string, PublicComment>;
  commentCount: number;
  locked: boolean;
  presence: Presence | null;
  /** Held comments the reader may see, as last read from the server; some may have arrived since. */
  awaiting: PublicComment[];
  hasNext: boolean;
  hasPrev: boolean;
  loadNext(): Promise<void>;
  loadPrev(): Promise<void>;
  /** Catches up from the log now (an event may have been lost); a failure keeps the thread as it is. */
  repair(): void;
}

const PAGE = 100;

export function useThreadSync(
  article: PublicArticle,
  sort: Sort,
  around: string | undefined,
  arrivalsFor: ArrivalsFor,
): ThreadSyncView {
  const [status, setStatus] = useState<ThreadSyncView['status']>('loading');
  const [error, setError] = useState<string>();
  const [state, setState] = useState<ThreadState>({
    comments: [],
    lastApplied: 0,
    commentCount: article.commentCount,
    locked: article.locked,
  });
  const [pagedComments, setPagedComments] = useState<Map<string, PublicComment>>(new Map());
  const [cursors, setCursors] = useState<{ next: string | null; prev: string | null }>({ next: null, prev: null });
  const [presence, setPresence] = useState<Presence | null>(null);
  const [awaiting, setAwaiting] = useState<PublicComment[]>([]);
  const syncRef = useRef<ThreadSync | undefined>(undefined);
  // Read when a load starts, as the render that started it saw it.
  const arrivalsRef = useRef(arrivalsFor);
  arrivalsRef.current = arrivalsFor;
  const articleId = article.id;
  // Read when a thread loads; later locks arrive as events.
  const lockedAtLoad = useRef(article.locked);
  lockedAtLoad.current = article.locked;

  useEffect(() => {
    let active = true;
    let stop = () => undefined as void;
    const shown = new Set<string>();
    const arrived = arrivalsRef.current();
    setStatus('loading');
    setPagedComments(new Map());
    setAwaiting([]);

    const onChange = (next: ThreadState) => {
      if (!active) return;
      const fresh = next.comments.filter((comment) => !shown.has(comment.id));
      for (const comment of fresh) shown.add(comment.id);
      arrived(fresh);
      setState(next);
    };

    const load = async () => {
      const base = `/api/articles/${encodeURIComponent(articleId)}`;
      const firstQuery = around ? query({ around, limit: 50 }) : query({ limit: PAGE, sort });
      const readFor = viewerNow();
      const first = await api<Page>('GET', `${base}/comments${firstQuery}`);
      if (!active) return;
      for (const comment of first.items) shown.add(comment.id);
      const sync = createThreadSync({
        articleId,
        fetchEvents: (after) => api<EventsPage>('GET', `${base}/events${query({ after })}`),
        onChange,
        initial: { comments: first.items, lastSeq: first.lastSeq, locked: lockedAtLoad.current },
      });
      syncRef.current = sync;
      setState(sync.state());
      setCursors({ next: first.nextCursor, prev: first.prevCursor ?? null });
      setStatus('ready');
      setAwaiting(first.held ?? []);
      const stopSocket = followSocket(articleId, sync, () => active, setPresence);
      // A page around one comment is a window into the thread: the server sends no held comments with it.
      const stopAwaiting = around ? () => undefined : followAwaiting(articleId, readFor, () => active, setAwaiting);
      stop = () => {
        stopSocket();
        stopAwaiting();
      };
    };
    // A first load that fails (the server away for a moment) is tried again, sooner when the socket is back.
    const start = async () => {
      for (let attempt = 0; active; attempt++) {
        try {
          return await load();
        } catch (err) {
          if (!active) return;
          setError(describeError(err));
          setStatus('error');
          await retryDelay(attempt);
        }
      }
    };
    void start();
    return () => {
      active = false;
      stop();
      syncRef.current = undefined;
    };
  }, [articleId, sort, around]);

  // Comments from the socket win over those of further pages: they are the newer state.
  const comments = useMemo(() => {
    const all = new Map(pagedComments);
    for (const comment of state.comments) all.set(comment.id, comment);
    return all;
  }, [pagedComments, state]);

  const loadPage = async (cursor: string | null, which: 'next' | 'prev') => {
    if (!cursor) return;
    const path = `/api/articles/${encodeURIComponent(articleId)}/comments${query({ cursor, limit: PAGE })}`;
    const page = await api<Page>('GET', path);
    setPagedComments((old) => {
      const next = new Map(old);
      for (const comment of page.items) next.set(comment.id, comment);
      return next;
    });
    setCursors((old) => ({ ...old, [which]: page.nextCursor }));
  };

  // Reads the sync when called, not when made: a post's late repair reaches the thread loaded by then.
  const repair = useCallback(() => quietly(syncRef.current?.repair()), []);

  return {
    status,
    error,
    comments,
    commentCount: state.lastApplied ? state.commentCount : article.commentCount,
    locked: state.locked,
    presence,
    awaiting,
    hasNext: cursors.next !== null,
    hasPrev: cursors.prev !== null,
    loadNext: () => loadPage(cursors.next, 'next'),
    loadPrev: () => loadPage(cursors.prev, 'prev'),
    repair,
  };
}
