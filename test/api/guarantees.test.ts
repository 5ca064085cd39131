/**
 * The thread's guarantees under load and failure: gap-free seq across several instances (two apps in
 * this process and a separate server process on the same store), an exact commentCount, paging that
 * neither skips nor repeats while comments arrive, the crash window between a comment and its event
 * (simulated, and by really killing a server mid-stream), and safe, fast rendering of hostile bodies.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import request from 'supertest';
import type { App } from '../../server/app';
import { repairPendingChanges } from '../../server/repair/repair-pending';
import { newPendingOp } from '../../server/events/pending-op';
import { bearer, listen, useApiHarness, type Registered } from './harness';
import { spawnServer, stopServer, type ServerProcess } from '../../scripts/lib/server-process';

/** A JSON answer body, read loosely as a client would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const h = useApiHarness();
let posters: Registered[];
let mod: Registered;
let second: App;
const servers: Server[] = [];
let urls: string[];
let spawned: ServerProcess | undefined;

const storeUri = () => `mongodb://127.0.0.1:${h().store.db.port}/discussion`;

beforeAll(async () => {
  posters = [];
  for (const name of ['g_one', 'g_two', 'g_three']) posters.push(await h().register(name));
  mod = await h().register('g_mod');
  await h().promote(mod.user.id, 'moderator');
  second = h().secondApp();
  for (const app of [h().app, second]) servers.push(await listen(app));
  spawned = await spawnServer(storeUri());
  urls = [...servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`), spawned.url];
}, 60_000);

afterAll(async () => {
  await stopServer(spawned);
  for (const s of servers) await new Promise((done) => s.close(done));
});

interface Answer {
  status: number;
  body: Json;
}

async function api(base: string, method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? bearer(token) : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const postComment = (base: string, who: Registered, articleId: string, body: string) =>
  api(base, 'POST', `/api/articles/${articleId}/comments`, who.token, { body });

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

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('seq and commentCount across instances', () => {
  it('numbers 200 concurrent posts over three instances 1..200 without a gap', async () => {
    const { id } = await h().newArticle();
    const answers = await Promise.all(
      range(200).map((i) => postComment(urls[i % urls.length]!, posters[i % posters.length]!, id, `concurrent ${i}`)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(200).fill(201));
    const { items, lastSeq } = await allEvents(id);
    expect(lastSeq).toBe(200);
    expect(items.map((e) => e.seq)).toEqual(range(200));
    expect(items.every((e) => e.type === 'comment.created')).toBe(true);
    expect(items.map((e) => e.commentCount)).toEqual(range(200));
    const comments = await allComments(id);
    expect(comments).toHaveLength(200);
    expect(new Set(comments.map((c) => c.seq)).size).toBe(200);
    expect(comments.map((c) => c.seq)).toEqual(range(200));
    expect(new Set(answers.map((a) => a.body.comment.id))).toEqual(new Set(comments.map((c) => c.id)));
    const article = (await request(h().http).get(`/api/articles/${id}`)).body.article;
    expect(article).toEqual(expect.objectContaining({ lastSeq: 200, commentCount: 200 }));
  }, 60_000);

  it('keeps commentCount exact after 50 concurrent posts and 10 concurrent removals', async () => {
    const { id } = await h().newArticle();
    const answers = await Promise.all(
      range(50).map((i) => postComment(urls[i % urls.length]!, posters[i % posters.length]!, id, `count ${i}`)),
    );
    expect(answers.every((a) => a.status === 201)).toBe(true);
    const removals = await Promise.all(
      answers
        .slice(0, 10)
        .map((a, i) => api(urls[i % urls.length]!, 'POST', `/api/comments/${a.body.comment.id}/remove`, mod.token, {})),
    );
    expect(removals.map((r) => r.status)).toEqual(Array(10).fill(200));
    const article = (await request(h().http).get(`/api/articles/${id}`)).body.article;
    expect(article).toEqual(expect.objectContaining({ commentCount: 40, lastSeq: 60 }));
    const { items } = await allEvents(id);
    expect(items.map((e) => e.seq)).toEqual(range(60));
    expect(items[items.length - 1].commentCount).toBe(40);
    expect((await allComments(id)).filter((c) => c.status === 'visible')).toHaveLength(40);
  }, 30_000);
});

describe('paging while comments arrive', () => {
  it('neither skips nor repeats a comment that existed before paging started', async () => {
    const { id } = await h().newArticle();
    for (let i = 0; i < 60; i++) await h().comment(posters[0]!.token, id, `before ${i}`);
    const before = (await allComments(id)).map((c) => c.id);
    expect(before).toHaveLength(60);

    let paging = true;
    let written = 0;
    const writer = (async () => {
      while (paging) {
        const res = await postComment(urls[written % urls.length]!, posters[1]!, id, `during ${written}`);
        expect(res.status).toBe(201);
        written++;
      }
    })();
    const seen: Json[] = [];
    let cursor: string | null = null;
    try {
      do {
        const res = await request(h().http)
          .get(`/api/articles/${id}/comments`)
          .query({ limit: 7, ...(cursor ? { cursor } : {}) });
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
        // Let the writer get ahead now and then, so pages really interleave with inserts.
        if (seen.length % 21 === 0) await new Promise((done) => setImmediate(done));
      } while (cursor && seen.length < 10_000);
    } finally {
      paging = false;
      await writer;
    }
    const ids = seen.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const cid of before) expect(ids.filter((x) => x === cid)).toHaveLength(1);
    const seqs = seen.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(written).toBeGreaterThan(0);
  }, 30_000);
});

describe('the crash window between a comment and its event', () => {
  it('hides a comment without its event until the repair stores it, once, even run twice at once', async () => {
    const { id } = await h().newArticle();
    const first = await h().comment(posters[0]!.token, id, 'first');
    const { Event } = h().app.ctx.models;
    // Exactly what a process killed after writing the comment leaves: the comment with its pending op, no event.
    const { op, id: orphanId } = await pendingComment(id, posters[2]!, 'orphaned', { ageMs: 60_000 });
    expect((await request(h().http).get(`/api/comments/${orphanId}`)).status).toBe(404);
    expect((await allComments(id)).map((c) => c.id)).toEqual([first]);
    expect((await request(h().http).get(`/api/articles/${id}`)).body.article).toEqual(
      expect.objectContaining({ lastSeq: 1, commentCount: 1 }),
    );

    const [a, b] = await Promise.all([repairPendingChanges(h().app.ctx, 0), repairPendingChanges(second.ctx, 0)]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    const shown = await request(h().http).get(`/api/comments/${orphanId}`);
    expect(shown.status).toBe(200);
    expect(shown.body.comment).toEqual(expect.objectContaining({ seq: 2, body: 'orphaned', status: 'visible' }));
    expect((await allComments(id)).map((c) => c.id)).toEqual([first, orphanId]);
    expect((await request(h().http).get(`/api/articles/${id}`)).body.article).toEqual(
      expect.objectContaining({ lastSeq: 2, commentCount: 2 }),
    );

    expect(await repairPendingChanges(h().app.ctx, 0)).toBe(0);
    expect(await Event.countDocuments({ opId: op.id })).toBe(1);
    const { items } = await allEvents(id);
    expect(items.map((e) => [e.seq, e.type, e.comment?.id])).toEqual([
      [1, 'comment.created', first],
      [2, 'comment.created', orphanId],
    ]);
  });

  it('brings the article up to date when the writer died after storing the event', async () => {
    const { id } = await h().newArticle();
    await h().comment(posters[0]!.token, id, 'first');
    const { Event } = h().app.ctx.models;
    const articleId = new Types.ObjectId(id);
    const { comment: orphan, op } = await pendingComment(id, posters[2]!, 'late', { ageMs: 60_000 });
    // Killed after the event was stored, before the article's counters and the comment's seq were written.
    await Event.create({
      articleId,
      seq: 2,
      type: 'comment.created',
      at: op.at,
      commentId: orphan._id,
      commentCount: 2,
      opId: op.id,
    });
    expect((await request(h().http).get(`/api/articles/${id}`)).body.article).toEqual(
      expect.objectContaining({ lastSeq: 1, commentCount: 1 }),
    );

    expect(await repairPendingChanges(second.ctx, 0)).toBe(1);
    expect((await request(h().http).get(`/api/articles/${id}`)).body.article).toEqual(
      expect.objectContaining({ lastSeq: 2, commentCount: 2 }),
    );
    expect((await request(h().http).get(`/api/comments/${String(orphan._id)}`)).body.comment.seq).toBe(2);
    expect(await Event.countDocuments({ articleId })).toBe(2);
  });

  it('finds at once a comment answered while its writer still writes its seq: by id, in lists, as parent, quote and link', async () => {
    const { id } = await h().newArticle();
    const first = await h().comment(posters[0]!.token, id, 'first');
    const { Event } = h().app.ctx.models;
    const articleId = new Types.ObjectId(id);
    // What a writer leaves between answering (the event is stored) and its follow-up writes: a fresh op.
    const { comment: fresh, op } = await pendingComment(id, posters[1]!, 'just answered');
    await Event.create({
      articleId,
      seq: 2,
      type: 'comment.created',
      at: op.at,
      commentId: fresh._id,
      commentCount: 2,
      opId: op.id,
    });
    const freshId = String(fresh._id);

    const listed = await request(h().http).get(`/api/articles/${id}/comments`);
    expect(listed.body.items.map((c: Json) => [c.id, c.seq])).toEqual([
      [first, 1],
      [freshId, 2],
    ]);
    expect(listed.body.lastSeq).toBe(2);
    expect((await request(h().http).get(`/api/comments/${freshId}`)).body.comment).toEqual(
      expect.objectContaining({ seq: 2, body: 'just answered' }),
    );
    const around = await request(h().http).get(`/api/articles/${id}/comments`).query({ around: freshId });
    expect(around.status).toBe(200);
    const reply = await request(h().http)
      .post(`/api/articles/${id}/comments`)
      .set(bearer(posters[2]!.token))
      .send({ body: 'a reply quoting it', parentId: freshId, quoteId: freshId });
    expect(reply.status).toBe(201);
    expect(reply.body.comment).toEqual(
      expect.objectContaining({ seq: 3, parentId: freshId, quote: expect.objectContaining({ commentId: freshId }) }),
    );
    // Finished once: the article counts it, its one event stands, nothing is left for the repair.
    expect((await request(h().http).get(`/api/articles/${id}`)).body.article).toEqual(
      expect.objectContaining({ lastSeq: 3, commentCount: 3 }),
    );
    expect(await Event.countDocuments({ opId: op.id })).toBe(1);
    expect(await repairPendingChanges(h().app.ctx, 0)).toBe(0);
  });

  it('still hides a comment whose event is not stored yet (no one was told of it)', async () => {
    const { id } = await h().newArticle();
    const { Comment } = h().app.ctx.models;
    const { comment: pending } = await pendingComment(id, posters[1]!, 'not yet');
    expect((await request(h().http).get(`/api/comments/${String(pending._id)}`)).status).toBe(404);
    expect((await request(h().http).get(`/api/articles/${id}/comments`)).body.items).toEqual([]);
    const reply = await request(h().http)
      .post(`/api/articles/${id}/comments`)
      .set(bearer(posters[2]!.token))
      .send({ body: 'reply', parentId: String(pending._id) });
    expect(reply.status).toBe(400);
    await Comment.deleteOne({ _id: pending._id });
  });

  it('leaves nothing behind when a check refuses a post (the comment goes in beside the checks)', async () => {
    const { id } = await h().newArticle();
    const { Comment, Event } = h().app.ctx.models;
    const post = (body: object) =>
      request(h().http).post(`/api/articles/${id}/comments`).set(bearer(posters[0]!.token)).send(body);
    const other = await h().newArticle();
    const elsewhere = await h().comment(posters[1]!.token, other.id, 'in another thread');
    expect((await post({ body: 'reply', parentId: elsewhere })).status).toBe(400);
    expect((await post({ body: 'quote', quoteId: new Types.ObjectId().toHexString() })).status).toBe(400);
    expect(
      (
        await request(h().http)
          .patch(`/api/articles/${id}`)
          .set(bearer(await h().adminToken()))
          .send({ locked: true })
      ).status,
    ).toBe(200);
    expect((await post({ body: 'too late', clientId: 'late-1' })).status).toBe(403);
    expect(
      (
        await request(h().http)
          .post(`/api/articles/${new Types.ObjectId().toHexString()}/comments`)
          .set(bearer(posters[0]!.token))
          .send({ body: 'nowhere' })
      ).status,
    ).toBe(404);
    expect(
      await Comment.countDocuments({
        authorId: new Types.ObjectId(posters[0]!.user.id),
        body: { $in: ['reply', 'quote', 'too late', 'nowhere'] },
      }),
    ).toBe(0);
    expect(await Event.countDocuments({ articleId: new Types.ObjectId(id), type: 'comment.created' })).toBe(0);
  });

  it('the repair checks a creation left without its event again: a refused one is dropped, a good one finished', async () => {
    const locked = await h().newArticle();
    const open = await h().newArticle();
    const { Comment } = h().app.ctx.models;
    const leave = async (articleId: string, body: string) =>
      (await pendingComment(articleId, posters[1]!, body, { ageMs: 60_000 })).id;
    // A writer that died after the insert, its checks (run beside it) unanswered: one thread is locked.
    const refused = await leave(locked.id, 'into a locked thread');
    const good = await leave(open.id, 'into an open thread');
    expect(
      (
        await request(h().http)
          .patch(`/api/articles/${locked.id}`)
          .set(bearer(await h().adminToken()))
          .send({ locked: true })
      ).status,
    ).toBe(200);
    await repairPendingChanges(h().app.ctx, 0);
    expect(await Comment.findById(refused)).toBeNull();
    expect((await request(h().http).get(`/api/comments/${good}`)).body.comment).toEqual(
      expect.objectContaining({ seq: 1, body: 'into an open thread' }),
    );
    expect((await allEvents(locked.id)).items.map((e) => e.type)).toEqual(['article.locked']);
  });

  it('a retry meeting its first attempt still pending checks it again and finishes it, or takes it out when refused', async () => {
    const { id } = await h().newArticle();
    const poster = posters[2]!;
    const retry = (clientId: string) =>
      request(h().http)
        .post(`/api/articles/${id}/comments`)
        .set(bearer(poster.token))
        .send({ body: clientId, clientId });

    // The first attempt's writer lost the store after the insert (its client got 503): the retry finishes it.
    const first = await pendingComment(id, poster, 'first-try', { clientId: 'first-try' });
    const res = await retry('first-try');
    expect(res.status).toBe(200);
    expect(res.body.comment).toEqual(expect.objectContaining({ id: first.id, seq: 1, body: 'first-try' }));

    // The thread was locked since: the retry is refused like the post, and the pending comment taken out.
    const second = await pendingComment(id, poster, 'second-try', { clientId: 'second-try' });
    expect(
      (
        await request(h().http)
          .patch(`/api/articles/${id}`)
          .set(bearer(await h().adminToken()))
          .send({ locked: true })
      ).status,
    ).toBe(200);
    expect((await retry('second-try')).status).toBe(403);
    expect(await h().app.ctx.models.Comment.findById(second.id)).toBeNull();
    expect((await allComments(id)).map((c) => c.id)).toEqual([first.id]);
  });

  it('recovers from a server killed while it takes a stream of posts', async () => {
    const { id } = await h().newArticle();
    const victim = await spawnServer(storeUri());
    let answered = 0;
    const accepted: string[] = [];
    const streams = range(6).map(async (n) => {
      for (let i = 0; ; i++) {
        try {
          const res = await postComment(victim.url, posters[n % posters.length]!, id, `stream ${n}.${i}`);
          if (res.status !== 201) return;
          accepted.push(res.body.comment.id);
          answered++;
        } catch {
          return; // the connection died with the process
        }
      }
    });
    let streaming = true;
    const allStopped = Promise.all(streams).then(() => (streaming = false));
    while (answered < 40 && streaming) await new Promise((done) => setTimeout(done, 5));
    expect(answered).toBeGreaterThanOrEqual(40);
    victim.child.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');
    await allStopped;

    const fresh = h().secondApp();
    const repaired = await repairPendingChanges(fresh.ctx, 0);
    console.log(`killed after ${answered} answered posts; the repair finished ${repaired} interrupted change(s)`);
    const { Comment, Event, Article } = fresh.ctx.models;
    const articleId = new Types.ObjectId(id);
    const stored = await Comment.find({ articleId }).lean();
    const events = await Event.find({ articleId }).sort({ seq: 1 }).lean();
    expect(stored.length).toBeGreaterThanOrEqual(40);
    expect(stored.filter((c) => c.pendingOp || c.seq === null)).toEqual([]);
    expect(events.map((e) => e.seq)).toEqual(range(events.length));
    for (const c of stored)
      expect(events.filter((e) => e.type === 'comment.created' && String(e.commentId) === String(c._id))).toHaveLength(
        1,
      );
    expect(events).toHaveLength(stored.length);
    // Every comment whose post was answered is there; the thread shows them all.
    const listed = (await allComments(id)).map((c) => c.id);
    for (const cid of accepted) expect(listed).toContain(cid);
    expect(listed).toHaveLength(stored.length);
    const article = await Article.findById(articleId).lean();
    expect(article).toEqual(
      expect.objectContaining({
        lastSeq: events.length,
        commentCount: stored.filter((c) => c.status === 'visible').length,
      }),
    );
    expect(events[events.length - 1]!.commentCount).toBe(article!.commentCount);
  }, 60_000);
});

describe('hostile bodies', () => {
  const vectors = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '![img](javascript:alert(1))',
    '<svg onload=alert(1)><circle/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<style>body{display:none}</style>',
    '<a href="javascript:alert(1)">x</a>',
    '[x](https://ok.example "title\\" onmouseover=\\"alert(1)")',
    '<http://a.example/" onmouseover="alert(1)>',
  ];

  /** Every real tag in the html (escaped text such as `&lt;img onerror=…&gt;` is harmless and not a tag). */
  const tagsOf = (html: string) =>
    [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)].map((m) => ({ name: m[1]!.toLowerCase(), attrs: m[2]! }));
  const SAFE_TAGS = new Set([
    'p',
    'br',
    'strong',
    'em',
    'del',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
  ]);

  it.each(vectors)('never lets %j reach html', async (body) => {
    const { id } = await h().newArticle();
    const res = await request(h().http)
      .post(`/api/articles/${id}/comments`)
      .set(bearer(posters[0]!.token))
      .send({ body });
    expect(res.status).toBe(201);
    const { html } = res.body.comment;
    for (const tag of tagsOf(html)) {
      expect(SAFE_TAGS).toContain(tag.name);
      const attrs = [...tag.attrs.matchAll(/([a-zA-Z-]+)\s*=\s*"([^"]*)"/g)].map((m) => ({
        name: m[1]!.toLowerCase(),
        value: m[2]!,
      }));
      // Nothing but well-quoted attributes, and only these.
      expect(tag.attrs.replace(/\s*[a-zA-Z-]+\s*=\s*"[^"]*"/g, '').trim()).toBe('');
      for (const attr of attrs) {
        expect(['href', 'rel', 'title']).toContain(attr.name);
        if (attr.name === 'href') expect(attr.value).toMatch(/^(https?:|mailto:)/i);
      }
    }
  });

  it.each(['>', '```', '[ref]: https://example.com', '- '.repeat(3).trim()])(
    'stores a body that renders to (almost) nothing: %j',
    async (body) => {
      const { id } = await h().newArticle();
      const res = await request(h().http)
        .post(`/api/articles/${id}/comments`)
        .set(bearer(posters[0]!.token))
        .send({ body });
      expect(res.status).toBe(201);
      const quoting = await request(h().http)
        .post(`/api/articles/${id}/comments`)
        .set(bearer(posters[0]!.token))
        .send({ body: 'q', quoteId: res.body.comment.id });
      expect(quoting.status).toBe(201);
      expect(quoting.body.comment.quote.excerpt).toEqual(expect.any(String));
    },
  );

  it('links get rel="nofollow ugc noopener"', async () => {
    const { id } = await h().newArticle();
    const res = await request(h().http)
      .post(`/api/articles/${id}/comments`)
      .set(bearer(posters[0]!.token))
      .send({ body: '[site](https://example.com)' });
    expect(res.body.comment.html).toMatch(/<a [^>]*href="https:\/\/example\.com"[^>]*>/);
    expect(res.body.comment.html).toMatch(/rel="nofollow ugc noopener"/);
  });

  it.each(['*', '[', '_', '`', '>', '!['])('posts 9,000 of %j in well under a second', async (ch) => {
    const { id } = await h().newArticle();
    const body = ch.repeat(Math.floor(9_000 / ch.length));
    const started = performance.now();
    const res = await request(h().http)
      .post(`/api/articles/${id}/comments`)
      .set(bearer(posters[0]!.token))
      .send({ body });
    const ms = performance.now() - started;
    console.log(`pathological ${JSON.stringify(ch)} x ${body.length}: ${ms.toFixed(0)} ms`);
    expect(res.status).toBe(201);
    expect(ms).toBeLessThan(2_000);
  });
});
