/**
 * Shared by the store fault tests: one server instance over a standalone embedded store (a process of its
 * own, so the test can SIGSTOP or SIGKILL it), a stream of timed requests through the app, and a read of a
 * thread through the public GET routes to count what reached it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildStore, type ChildStore } from '../../scripts/lib/child-store';
import { freePort } from '../../scripts/lib/free-port';
import { spawnServer, stopServer, type ServerProcess } from '../../scripts/lib/server-process';
import { ADMIN_PASSWORD, ADMIN_USERNAME } from '../api/harness';
import { sleep } from '../helpers/wait';

/** What a client waits at most before it gives up on an answer; far above the contract's 10 s. */
const CLIENT_TIMEOUT_MS = 30_000;

export interface Answer {
  status: number;
  /** The envelope's code, or 'network' when there was no HTTP answer at all. */
  code?: string;
  body: unknown;
  startedAt: number;
  ms: number;
}

/** One HTTP request, timed; a connection error or a client timeout is an answer with status 0. */
export async function timed(
  url: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<Answer> {
  const startedAt = Date.now();
  const headers: Record<string, string> = {};
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    const text = await res.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    const code = (body as { error?: { code?: string } } | undefined)?.error?.code;
    return { status: res.status, code, body, startedAt, ms: Date.now() - startedAt };
  } catch (err) {
    return { status: 0, code: 'network', body: String(err), startedAt, ms: Date.now() - startedAt };
  }
}

export interface StoreAndInstance {
  dbPath: string;
  storePort: number;
  store: ChildStore;
  instance: ServerProcess;
  adminToken: string;
  /** Starts a new store process on the same data directory and port (after the old one is gone). */
  restartStore(): Promise<void>;
}

/** beforeAll/afterAll for one store on a temporary data directory and a fixed port, and one instance on it. */
export function useStoreAndInstance(): () => StoreAndInstance {
  let ctx: StoreAndInstance | undefined;
  beforeAll(async () => {
    const dbPath = mkdtempSync(join(tmpdir(), 'store-fault-'));
    const storePort = await freePort();
    const store = await startChildStore({ dbPath, port: storePort });
    const instance = await spawnServer(store.uri('discussion'), 30_000, { ADMIN_USERNAME, ADMIN_PASSWORD }).catch(
      async (err: unknown) => {
        await store.stop('SIGKILL');
        rmSync(dbPath, { recursive: true, force: true });
        throw err;
      },
    );
    const login = await timed(`${instance.url}/api/auth/login`, {
      method: 'POST',
      body: { username: ADMIN_USERNAME, password: ADMIN_PASSWORD },
    });
    if (login.status !== 200) throw new Error(`admin login answered ${login.status}`);
    const c: StoreAndInstance = {
      dbPath,
      storePort,
      store,
      instance,
      adminToken: (login.body as { token: string }).token,
      async restartStore() {
        c.store = await startChildStore({ dbPath, port: storePort });
      },
    };
    ctx = c;
  }, 90_000);
  afterAll(async () => {
    // What the instance logged as a failure (an answer of 500) is the first thing to read when a test fails.
    const failures = (ctx?.instance.output() ?? '').split('\n').filter((line) => line.includes('"level":50'));
    if (failures.length) console.log(`the instance logged failures:\n${failures.join('\n')}`);
    ctx?.store.process.kill('SIGCONT');
    await stopServer(ctx?.instance);
    await ctx?.store.stop();
    if (ctx) rmSync(ctx.dbPath, { recursive: true, force: true });
  }, 30_000);
  return () => {
    if (!ctx) throw new Error('the store and instance did not start');
    return ctx;
  };
}

export async function newArticle(url: string, adminToken: string, title: string): Promise<string> {
  const res = await timed(`${url}/api/articles`, {
    method: 'POST',
    token: adminToken,
    body: { title, body: 'A thread for a fault test.' },
  });
  if (res.status !== 201) throw new Error(`new article: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { article: { id: string } }).article.id;
}

export interface Post {
  clientId: string;
  answers: Answer[];
  /** The comment id of a 201 or 200 answer. */
  commentId?: string;
}

export const acknowledged = (p: Post) => p.commentId !== undefined;

/** Posts `clientId` (its body names it) and records the answer on the post. */
export async function postOnce(url: string, token: string, articleId: string, post: Post): Promise<Answer> {
  const answer = await timed(`${url}/api/articles/${articleId}/comments`, {
    method: 'POST',
    token,
    body: { body: `post ${post.clientId}`, clientId: post.clientId },
  });
  post.answers.push(answer);
  if (answer.status === 201 || answer.status === 200) {
    const id = (answer.body as { comment: { id: string } }).comment.id;
    if (post.commentId !== undefined && post.commentId !== id)
      throw new Error(`clientId ${post.clientId} answered two comments`);
    post.commentId = id;
  }
  return answer;
}

/**
 * Posters and readers in a loop until `stop()`: each poster posts new comments with fresh clientIds, each
 * reader reads the thread's first page and its events. Every answer is kept, with its time.
 */
export function requestStream(url: string, articleId: string, posterTokens: string[], readers: number) {
  const posts: Post[] = [];
  const reads: Answer[] = [];
  let running = true;
  const pause = () => sleep(40);
  const poster = async (token: string, w: number) => {
    for (let n = 0; running; n++) {
      const post: Post = { clientId: `w${w}-${n}`, answers: [] };
      posts.push(post);
      await postOnce(url, token, articleId, post);
      await pause();
    }
  };
  const reader = async () => {
    while (running) {
      reads.push(await timed(`${url}/api/articles/${articleId}/comments?limit=20&sort=newest`));
      reads.push(await timed(`${url}/api/articles/${articleId}/events?after=0&limit=20`));
      await pause();
    }
  };
  const done = Promise.all([...posterTokens.map(poster), ...Array.from({ length: readers }, reader)]);
  return {
    posts,
    reads,
    /** Every answer so far, posts and reads. */
    answers: () => [...posts.flatMap((p) => p.answers), ...reads],
    async stop() {
      running = false;
      await done;
    },
  };
}

interface ThreadComment {
  id: string;
  body: string;
  status: string;
  seq: number;
}
interface ThreadEvent {
  seq: number;
  type: string;
  commentCount: number;
  comment?: { id: string };
}

export interface ThreadCheck {
  acknowledged: number;
  found: number;
  lost: number;
  duplicated: number;
  /** Comments listed without their `comment.created` event. */
  withoutEvent: number;
  seqGapFree: boolean;
  /** The last event's count, the article's count and the visible comments listed, which must agree. */
  counts: { lastEvent: number; article: number; visible: number };
}

/** Reads the whole thread through the GET routes and compares it with the posts that were acknowledged. */
export async function checkThread(url: string, articleId: string, posts: Post[]): Promise<ThreadCheck> {
  const comments: ThreadComment[] = [];
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const res = await timed(
      `${url}/api/articles/${articleId}/comments?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (res.status !== 200) throw new Error(`comments: ${res.status}`);
    const page = res.body as { items: ThreadComment[]; nextCursor: string | null };
    comments.push(...page.items);
    cursor = page.nextCursor;
  }
  const events: ThreadEvent[] = [];
  for (;;) {
    const res = await timed(`${url}/api/articles/${articleId}/events?after=${events.length}&limit=500`);
    if (res.status !== 200) throw new Error(`events: ${res.status}`);
    const page = res.body as { items: ThreadEvent[]; lastSeq: number };
    events.push(...page.items);
    if (page.items.length === 0 || events.length >= page.lastSeq) break;
  }
  const article = await timed(`${url}/api/articles/${articleId}`);
  const articleCount = (article.body as { article: { commentCount: number } }).article.commentCount;

  const acked = posts.filter(acknowledged);
  const listedIds = new Set(comments.map((c) => c.id));
  const perBody = new Map<string, number>();
  for (const c of comments) perBody.set(c.body, (perBody.get(c.body) ?? 0) + 1);
  const createdFor = new Set(events.filter((e) => e.type === 'comment.created').map((e) => e.comment?.id));
  return {
    acknowledged: acked.length,
    found: acked.filter((p) => listedIds.has(p.commentId!)).length,
    lost: acked.filter((p) => !listedIds.has(p.commentId!)).length,
    duplicated: [...perBody.values()].reduce((sum, n) => sum + (n - 1), 0),
    withoutEvent: comments.filter((c) => !createdFor.has(c.id)).length,
    seqGapFree: events.every((e, i) => e.seq === i + 1),
    counts: {
      lastEvent: events.at(-1)?.commentCount ?? 0,
      article: articleCount,
      visible: comments.filter((c) => c.status === 'visible').length,
    },
  };
}
