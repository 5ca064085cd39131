// One article's live thread for the page: the first page from REST, then the shared thread logic
// (shared/thread-sync.ts) fed by the socket — join with afterSeq, live events, presence — so that
// ordering, upserts and gap repair are the same code the server's tests exercise. Adds what only a
// page needs: further pages, comments being sent, and holding back new comments that would land above
// the reader's viewport until the reader asks for them.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Presence } from '../../../shared/events';
import { createThreadSync, type ThreadState, type ThreadSync } from '../../../shared/thread-sync';
import type { PublicArticle, PublicComment, PublicEvent, PublicUser } from '../../../shared/types';
import { api, describeError, query } from '../lib/api';
import { socket } from '../lib/socket';
import { createAnnouncer } from './announcer';
import { isAboveViewport } from './viewport';
import { newClientId, postComment } from './poster';
import { buildTree, type ShownComment, type Sort, type ThreadNode } from './tree';

interface Page {
  items: PublicComment[];
  nextCursor: string | null;
  prevCursor?: string | null;
  lastSeq: number;
}

interface Pending {
  clientId: string;
  body: string;
  parentId: string | null;
  quoteId: string | null;
  waiting: boolean;
  /** The server's id once it answered; shown as pending until its event reaches the thread. */
  confirmedId?: string;
}

export interface NewComment {
  body: string;
  parentId?: string | null;
  quoteId?: string | null;
}

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

const PAGE = 100;

/** A failed fetch of `/events` keeps the thread as it was; the next presence or reconnect repairs again. */
const quietly = (work: Promise<void> | undefined) => void work?.catch(() => undefined);

export function useThread(article: PublicArticle, sort: Sort, around: string | undefined, me: PublicUser | null): ThreadView {
  const [status, setStatus] = useState<ThreadView['status']>('loading');
  const [error, setError] = useState<string>();
  const [state, setState] = useState<ThreadState>({ comments: [], lastApplied: 0, commentCount: article.commentCount, locked: article.locked });
  const [extra, setExtra] = useState<Map<string, PublicComment>>(new Map());
  const [cursors, setCursors] = useState<{ next: string | null; prev: string | null }>({ next: null, prev: null });
  const [presence, setPresence] = useState<Presence | null>(null);
  const [held, setHeld] = useState<Set<string>>(new Set());
  /** The held ids as the sync callback sees them (state would be stale in its closure). */
  const heldIds = useRef(new Set<string>());
  const [pending, setPending] = useState<Pending[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const syncRef = useRef<ThreadSync | undefined>(undefined);
  const meRef = useRef(me);
  meRef.current = me;
  const announcer = useMemo(() => createAnnouncer(setAnnouncement), []);
  const articleId = article.id;
  // Read when a thread loads; later locks arrive as events.
  const lockedAtLoad = useRef(article.locked);
  lockedAtLoad.current = article.locked;

  useEffect(() => {
    let active = true;
    const seen = new Set<string>();
    heldIds.current = new Set();
    setStatus('loading');
    setHeld(new Set());
    setExtra(new Map());

    /** Sorts new comments into shown (announced) and held (above the viewport, waiting for the reader). */
    const onChange = (next: ThreadState) => {
      if (!active) return;
      let shown = 0;
      for (const comment of next.comments) {
        if (seen.has(comment.id)) continue;
        seen.add(comment.id);
        const mine = comment.author.id === meRef.current?.id;
        const parentHeld = comment.parentId !== null && heldIds.current.has(comment.parentId);
        if (!mine && (parentHeld || isAboveViewport(comment, sort))) heldIds.current.add(comment.id);
        else if (!mine) shown++;
      }
      if (shown) announcer.add(shown);
      setHeld(new Set(heldIds.current));
      setState(next);
    };

    const load = async () => {
      const base = `/api/articles/${encodeURIComponent(articleId)}`;
      const first = await api<Page>('GET', `${base}/comments${around ? query({ around, limit: 50 }) : query({ limit: PAGE, sort })}`);
      if (!active) return;
      for (const comment of first.items) seen.add(comment.id);
      const sync = createThreadSync({
        articleId,
        fetchEvents: (after) => api<{ items: PublicEvent[]; lastSeq: number }>('GET', `${base}/events${query({ after })}`),
        onChange,
        initial: { comments: first.items, lastSeq: first.lastSeq, locked: lockedAtLoad.current },
      });
      syncRef.current = sync;
      setState(sync.state());
      setCursors({ next: first.nextCursor, prev: first.prevCursor ?? null });
      setStatus('ready');
      const join = () => {
        sync.beginJoin();
        socket.emit('article:join', { articleId, afterSeq: sync.state().lastApplied }, (ack) => {
          if (!active) return;
          if (ack.ok) {
            setPresence(ack.presence);
            quietly(sync.joined(ack));
          } else {
            // Not joined: release what was held and catch up from the log; the next reconnect joins again.
            quietly(sync.joined({ lastSeq: sync.state().lastApplied, missed: [] }).then(() => sync.repair()));
          }
        });
      };
      const onEvent = (event: PublicEvent) => quietly(sync.onEvent(event));
      const onPresence = (p: Presence) => {
        if (p.articleId !== articleId) return;
        setPresence(p);
        quietly(sync.onPresence(p));
      };
      socket.on('connect', join);
      socket.on('article:event', onEvent);
      socket.on('presence', onPresence);
      if (socket.connected) join();
      cleanup = () => {
        socket.off('connect', join);
        socket.off('article:event', onEvent);
        socket.off('presence', onPresence);
        if (socket.connected) socket.emit('article:leave', { articleId }, () => undefined);
      };
    };
    let cleanup = () => undefined as void;
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
      cleanup();
      syncRef.current = undefined;
    };
  }, [articleId, sort, around, announcer]);

  // Comments from the socket win over those of further pages: they are the newer state.
  const merged = useMemo(() => {
    const all = new Map(extra);
    for (const comment of state.comments) all.set(comment.id, comment);
    return all;
  }, [extra, state]);

  const tree = useMemo(() => {
    const shown: ShownComment[] = [...merged.values()].filter((c) => !held.has(c.id));
    for (const p of pending) {
      if (p.confirmedId && merged.has(p.confirmedId)) continue;
      shown.push(pendingComment(p, me, merged));
    }
    return buildTree(shown, sort);
  }, [merged, held, pending, me, sort]);

  const loadPage = async (cursor: string | null, which: 'next' | 'prev') => {
    if (!cursor) return;
    const page = await api<Page>('GET', `/api/articles/${encodeURIComponent(articleId)}/comments${query({ cursor, limit: PAGE })}`);
    setExtra((old) => {
      const next = new Map(old);
      for (const comment of page.items) next.set(comment.id, comment);
      return next;
    });
    setCursors((old) => ({ ...old, [which]: page.nextCursor }));
  };

  const post = async (input: NewComment) => {
    const item: Pending = { clientId: newClientId(), body: input.body, parentId: input.parentId ?? null, quoteId: input.quoteId ?? null, waiting: false };
    const update = (change: Partial<Pending>) => setPending((list) => list.map((p) => (p.clientId === item.clientId ? { ...p, ...change } : p)));
    setPending((list) => [...list, item]);
    try {
      const payload = { articleId, body: item.body, clientId: item.clientId, ...(item.parentId ? { parentId: item.parentId } : {}), ...(item.quoteId ? { quoteId: item.quoteId } : {}) };
      const comment = await postComment(socket, payload, (waiting) => update({ waiting }));
      update({ confirmedId: comment.id });
      announcer.say('Your comment was posted.');
      // The event normally arrives with (or before) the answer; if it was lost, the log has it.
      setTimeout(() => quietly(syncRef.current?.repair()), 3000);
    } catch (err) {
      setPending((list) => list.filter((p) => p.clientId !== item.clientId));
      throw err;
    }
  };

  return {
    status,
    error,
    tree,
    commentCount: state.lastApplied ? state.commentCount : article.commentCount,
    locked: state.locked,
    presence,
    held: held.size,
    revealHeld() {
      const first = [...held].map((id) => merged.get(id)).sort((a, b) => (a?.seq ?? 0) - (b?.seq ?? 0))[0];
      heldIds.current = new Set();
      setHeld(new Set());
      return first?.id;
    },
    hasNext: cursors.next !== null,
    hasPrev: cursors.prev !== null,
    loadNext: () => loadPage(cursors.next, 'next'),
    loadPrev: () => loadPage(cursors.prev, 'prev'),
    find: (id) => merged.get(id),
    post,
    announcement,
  };
}

function retryDelay(attempt: number): Promise<void> {
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

function pendingComment(p: Pending, me: PublicUser | null, known: Map<string, PublicComment>): ShownComment {
  const quoted = p.quoteId ? known.get(p.quoteId) : undefined;
  const author = me ? { id: me.id, username: me.username, displayName: me.displayName } : { id: '', username: '', displayName: '' };
  return {
    id: `pending-${p.clientId}`,
    articleId: '',
    seq: Number.MAX_SAFE_INTEGER,
    parentId: p.parentId,
    quote: quoted ? { commentId: quoted.id, author: quoted.author, excerpt: quoted.body.slice(0, 300) } : null,
    author,
    body: p.body,
    html: '',
    status: 'visible',
    createdAt: new Date().toISOString(),
    editedAt: null,
    editedBy: null,
    pending: p.waiting ? 'waiting' : 'sending',
  };
}
