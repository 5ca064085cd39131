/**
 * A reader the way the contract's repair rule wants one (shared/thread-sync.ts over a real socket and
 * `/events` over HTTP): the wiring a browser does, and moving to another instance with afterSeq.
 */
import type { PublicEvent } from '../../shared/types';
import { createThreadSync, type ThreadSync } from '../../shared/thread-sync';
import { ask, type ClientSocket } from './harness';

/** `/events` of the article, from whatever instance `baseUrl()` names at the time of the call. */
export function fetchEventsAt(baseUrl: () => string, articleId: string) {
  return async (after: number) => {
    const res = await fetch(`${baseUrl()}/api/articles/${articleId}/events?after=${after}&limit=500`);
    if (!res.ok) throw new Error(`/events answered ${res.status}`);
    return (await res.json()) as { items: PublicEvent[]; lastSeq: number };
  };
}

/**
 * Joins the article with afterSeq = last applied, holding live events from before the acknowledgement.
 * `drop` loses events as a network would (with `batch`, events of the `article:events` batches).
 */
export async function followThread(
  socket: ClientSocket,
  sync: ThreadSync,
  articleId: string,
  drop: (e: PublicEvent) => boolean = () => false,
  batch = false,
) {
  socket.on('article:event', (e) => {
    if (!drop(e)) void sync.onEvent(e).catch(() => undefined);
  });
  socket.on('article:events', ({ events }) => {
    void sync.onEvents(events.filter((e) => !drop(e))).catch(() => undefined);
  });
  socket.on('presence', (p) => {
    if (p.articleId === articleId) void sync.onPresence(p).catch(() => undefined);
  });
  sync.beginJoin();
  const afterSeq = sync.state().lastApplied;
  const answer = await ask(socket, 'article:join', { articleId, afterSeq, ...(batch ? { batch } : {}) });
  if (!answer.ok) throw new Error(answer.error.message);
  await sync.joined(answer);
}

export interface Reader {
  articleId: string;
  /** The instance it reads from, live and through /events. */
  url: string;
  socket: ClientSocket;
  sync: ThreadSync;
  /** Joins with `batch: true`. */
  batch?: boolean;
}

export async function openReader(
  connect: (url: string) => Promise<ClientSocket>,
  url: string,
  articleId: string,
  batch = false,
): Promise<Reader> {
  const reader = { articleId, url, batch } as Reader;
  reader.sync = createThreadSync({ articleId, fetchEvents: fetchEventsAt(() => reader.url, articleId) });
  reader.socket = await connect(url);
  await followThread(reader.socket, reader.sync, articleId, undefined, batch);
  return reader;
}

/** What a browser does when its socket is lost: connect to `url` and join again from the last applied seq. */
export async function moveReader(
  reader: Reader,
  connect: (url: string) => Promise<ClientSocket>,
  url: string,
): Promise<void> {
  reader.socket.disconnect();
  reader.url = url;
  reader.socket = await connect(url);
  await followThread(reader.socket, reader.sync, reader.articleId, undefined, reader.batch);
}

/** The reader holds exactly these comments (in any order of ids): each once, at seq 1..n with no gap. */
export function expectExactly(reader: Reader, ids: string[]): void {
  const { comments, lastApplied } = reader.sync.state();
  expect(comments.map((c) => c.id).sort()).toEqual([...ids].sort());
  expect(comments.map((c) => c.seq)).toEqual(ids.map((_, i) => i + 1));
  expect(lastApplied).toBe(ids.length);
}

/** Every comment of the article as the store has it now (all pages of /events), in seq order. */
export async function storedCommentIds(url: string, articleId: string): Promise<string[]> {
  const fetchEvents = fetchEventsAt(() => url, articleId);
  const ids: string[] = [];
  for (let after = 0; ;) {
    const page = await fetchEvents(after);
    for (const event of page.items) if (event.type === 'comment.created' && event.comment) ids.push(event.comment.id);
    after = page.items.at(-1)?.seq ?? page.lastSeq;
    if (after >= page.lastSeq) return ids;
  }
}
