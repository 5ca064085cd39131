/**
 * What the guarantees suites share: the harness with three posters and a moderator, a second app on the same
 * store, and, for the suites that spread posts over instances, both apps listening plus a separate server
 * process; and the readers that page through a whole thread or event log.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import request from 'supertest';
import type { App } from '../../server/app';
import { newPendingOp } from '../../server/events/pending-op';
import { bearer, listen, useApiHarness, type Registered } from './harness';
import { spawnServer, stopServer, type ServerProcess } from '../../scripts/lib/server-process';

/** A JSON answer body, read loosely as a client would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Answer {
  status: number;
  body: Json;
}

export interface GuaranteesFixtures {
  posters: Registered[];
  mod: Registered;
  /** A second app on the same store, in this process. */
  second: App;
  /** With `instances`: the file's app, the second app and a server process, each at its own address. */
  urls: string[];
}

export async function api(base: string, method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? bearer(token) : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

export const postComment = (base: string, who: Registered, articleId: string, body: string) =>
  api(base, 'POST', `/api/articles/${articleId}/comments`, who.token, { body });

/**
 * Posts as a well-made client does: with a clientId, and again with the same one after a 503 (the deadline's
 * "not known to be done"), so a busy machine changes how long a post takes, never what the thread holds.
 * Answers the last answer: 201 for the post, or 200 for a retry answered with the comment it already made.
 */
export async function postSurely(base: string, who: Registered, articleId: string, body: string): Promise<Answer> {
  const clientId = `sure-${randomUUID()}`;
  for (let attempt = 1; ; attempt++) {
    const answer = await api(base, 'POST', `/api/articles/${articleId}/comments`, who.token, { body, clientId });
    if (answer.status !== 503 || attempt === 10) return answer;
  }
}

export const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

export function useGuarantees({ instances = false }: { instances?: boolean } = {}) {
  const h = useApiHarness();
  let fixtures: GuaranteesFixtures | undefined;
  const servers: Server[] = [];
  let spawned: ServerProcess | undefined;
  const storeUri = () => `mongodb://127.0.0.1:${h().store.db.port}/discussion`;

  beforeAll(async () => {
    const posters: Registered[] = [];
    for (const name of ['g_one', 'g_two', 'g_three']) posters.push(await h().register(name));
    const mod = await h().register('g_mod');
    await h().promote(mod.user.id, 'moderator');
    const second = h().secondApp();
    const urls: string[] = [];
    if (instances) {
      for (const app of [h().app, second]) servers.push(await listen(app));
      spawned = await spawnServer(storeUri());
      urls.push(...servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`), spawned.url);
    }
    fixtures = { posters, mod, second, urls };
  }, 60_000);

  afterAll(async () => {
    await stopServer(spawned);
    for (const s of servers) await new Promise((done) => s.close(done));
  });

  async function allEvents(articleId: string) {
    const items: Json[] = [];
    let lastSeq = 0;
    for (;;) {
      const res = await request(h().http)
        .get(`/api/articles/${articleId}/events`)
        .query({ after: items.length ? items[items.length - 1].seq : 0, limit: 500 });
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      lastSeq = res.body.lastSeq;
      if (!res.body.items.length || items[items.length - 1].seq >= lastSeq) return { items, lastSeq };
    }
  }

  /** What a writer leaves between inserting a comment and storing its event: the comment with its pending op. */
  async function pendingComment(
    articleId: string,
    author: Registered,
    body: string,
    opts: { ageMs?: number; clientId?: string } = {},
  ) {
    const op = newPendingOp('comment.created', 1, new Date(Date.now() - (opts.ageMs ?? 0)));
    const comment = await h().app.ctx.models.Comment.create({
      articleId: new Types.ObjectId(articleId),
      seq: null,
      pendingOp: op,
      authorId: new Types.ObjectId(author.user.id),
      body,
      html: `<p>${body}</p>`,
      excerpt: body,
      createdAt: op.at,
      ...(opts.clientId ? { clientId: opts.clientId } : {}),
    });
    return { comment, op, id: String(comment._id) };
  }

  async function allComments(articleId: string, limit = 100, token?: string) {
    const items: Json[] = [];
    let cursor: string | null = null;
    do {
      const req = request(h().http)
        .get(`/api/articles/${articleId}/comments`)
        .query({ limit, ...(cursor ? { cursor } : {}) });
      const res = await (token ? req.set(bearer(token)) : req);
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  return { h, fixtures: () => fixtures!, storeUri, allEvents, pendingComment, allComments };
}
