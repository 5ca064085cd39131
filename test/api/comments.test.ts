/**
 * Comments over REST: posting (idempotent retries, replies, quotes, length and character rules), edits
 * within the author's window and by moderators, deletion, removal and restoration, reading one comment
 * and listing a thread (both orders, cursors, the page around a comment) with hidden text emptied.
 */
import request from 'supertest';
import { createApp, type App } from '../../server/app';
import { quietLogger, testConfig } from '../app/support';
import { bearer, harnessEnv, useApiHarness, type Registered } from './harness';

/** A JSON answer body, read loosely as a client would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const h = useApiHarness();
let alice: Registered;
let bob: Registered;
let mod: Registered;

/** A clock the tests move forward, in an app of its own on the same store. */
let offsetMs = 0;
let clocked: App;

beforeAll(async () => {
  [alice, bob, mod] = [await h().register('c_alice'), await h().register('c_bob'), await h().register('c_mod')];
  await h().promote(mod.user.id, 'moderator');
  clocked = createApp({
    config: testConfig(harnessEnv()),
    logger: quietLogger,
    db: h().store.db,
    clock: { now: () => new Date(Date.now() + offsetMs) },
  });
});

const postAs = (who: Registered, articleId: string, body: Record<string, unknown>, app = h().http) =>
  request(app).post(`/api/articles/${articleId}/comments`).set(bearer(who.token)).send(body);

async function posted(
  who: Registered,
  articleId: string,
  body: string,
  extra: Record<string, unknown> = {},
): Promise<Json> {
  const res = await postAs(who, articleId, { body, ...extra });
  expect(res.status).toBe(201);
  return res.body.comment;
}

const events = async (articleId: string) =>
  (await request(h().http).get(`/api/articles/${articleId}/events`).query({ after: 0 })).body;

function expectFieldError(res: request.Response, field: string) {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('validation_failed');
  expect(res.body.error.details.fields).toHaveProperty(field);
}

describe('POST /api/articles/:id/comments', () => {
  it('answers 201 with the comment, its seq and safe html', async () => {
    const { id } = await h().newArticle();
    const res = await postAs(alice, id, { body: 'Hello **world**' });
    expect(res.status).toBe(201);
    expect(res.body.comment).toEqual(
      expect.objectContaining({
        id: expect.stringMatching(/^[0-9a-f]{24}$/),
        articleId: id,
        seq: 1,
        parentId: null,
        quote: null,
        body: 'Hello **world**',
        status: 'visible',
        editedAt: null,
        author: { id: alice.user.id, username: 'c_alice', displayName: 'c_alice' },
      }),
    );
    expect(res.body.comment.html).toContain('<strong>world</strong>');
    expect((await posted(bob, id, 'second')).seq).toBe(2);
    const anonymous = await request(h().http).post(`/api/articles/${id}/comments`).send({ body: 'x' });
    expect(anonymous.status).toBe(401);
    const unknown = await postAs(alice, '0123456789abcdef01234567', { body: 'x' });
    expect(unknown.status).toBe(404);
  });

  it('answers a retry with the same clientId 200 and the first comment, even once the thread is locked', async () => {
    const { id } = await h().newArticle();
    const first = await postAs(alice, id, { body: 'once', clientId: 'retry-1' });
    expect(first.status).toBe(201);
    const retry = await postAs(alice, id, { body: 'once', clientId: 'retry-1' });
    expect(retry.status).toBe(200);
    expect(retry.body.comment).toEqual(first.body.comment);
    // Another user's clientId is their own.
    expect((await postAs(bob, id, { body: 'mine', clientId: 'retry-1' })).status).toBe(201);

    expect(
      (await request(h().http).patch(`/api/articles/${id}`).set(bearer(mod.token)).send({ locked: true })).status,
    ).toBe(200);
    const lockedRetry = await postAs(alice, id, { body: 'once', clientId: 'retry-1' });
    expect(lockedRetry.status).toBe(200);
    expect(lockedRetry.body.comment.id).toBe(first.body.comment.id);
    expect((await postAs(alice, id, { body: 'new', clientId: 'retry-2' })).status).toBe(403);
    expect((await events(id)).items.filter((e: { type: string }) => e.type === 'comment.created')).toHaveLength(2);
  });

  it('answers a clientId retry before the rate limit', async () => {
    const limited = createApp({
      config: testConfig(harnessEnv({ RATE_LIMITS: 'on' })),
      logger: quietLogger,
      db: h().store.db,
    });
    const { id } = await h().newArticle();
    const first = await postAs(bob, id, { body: 'limited', clientId: 'rl-1' }, limited.app);
    expect(first.status).toBe(201);
    let status = 201;
    for (let i = 0; i < 100 && status !== 429; i++)
      status = (await postAs(bob, id, { body: `spam ${i}` }, limited.app)).status;
    expect(status).toBe(429);
    const retry = await postAs(bob, id, { body: 'limited', clientId: 'rl-1' }, limited.app);
    expect(retry.status).toBe(200);
    expect(retry.body.comment.id).toBe(first.body.comment.id);
  });

  it('makes exactly one comment and one event of two concurrent posts with the same clientId', async () => {
    const { id } = await h().newArticle();
    const second = h().secondApp();
    const answers = await Promise.all([
      postAs(alice, id, { body: 'racing', clientId: 'race' }),
      postAs(alice, id, { body: 'racing', clientId: 'race' }, second.app),
      postAs(alice, id, { body: 'racing', clientId: 'race' }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((r) => r.body.comment.id)).size).toBe(1);
    const log = await events(id);
    expect(log.items).toHaveLength(1);
    expect(log.items[0].comment.id).toBe(answers[0]!.body.comment.id);
    const list = await request(h().http).get(`/api/articles/${id}/comments`);
    expect(list.body.items).toHaveLength(1);
  });

  it('takes replies to comments of the same article only', async () => {
    const { id } = await h().newArticle();
    const other = await h().newArticle();
    const parent = await posted(alice, id, 'parent');
    const elsewhere = await posted(alice, other.id, 'elsewhere');
    const reply = await posted(bob, id, 'reply', { parentId: parent.id });
    expect(reply.parentId).toBe(parent.id);
    expectFieldError(await postAs(bob, id, { body: 'x', parentId: elsewhere.id }), 'parentId');
    expectFieldError(await postAs(bob, id, { body: 'x', parentId: '0123456789abcdef01234567' }), 'parentId');
    expectFieldError(await postAs(bob, id, { body: 'x', parentId: 'not-an-id' }), 'parentId');
    expectFieldError(await postAs(bob, id, { body: 'x', quoteId: 'zz' }), 'quoteId');
  });

  it('quotes a visible comment with an excerpt of at most 300 code points, empty once it is removed', async () => {
    const { id } = await h().newArticle();
    const long = await posted(alice, id, '🎉'.repeat(400));
    const quoting = await posted(bob, id, 'quoting', { quoteId: long.id });
    expect(quoting.quote).toEqual({
      commentId: long.id,
      author: expect.objectContaining({ username: 'c_alice' }),
      excerpt: expect.any(String),
    });
    expect(quoting.quote.excerpt.length).toBeGreaterThan(0);
    expect([...quoting.quote.excerpt].length).toBeLessThanOrEqual(300);

    const short = await posted(alice, id, 'short and sweet');
    const q2 = await posted(bob, id, 'again', { quoteId: short.id });
    expect(q2.quote.excerpt).toBe('short and sweet');
    expect(
      (await request(h().http).post(`/api/comments/${short.id}/remove`).set(bearer(mod.token)).send({})).status,
    ).toBe(200);
    expectFieldError(await postAs(bob, id, { body: 'quote removed', quoteId: short.id }), 'quoteId');
    const after = await request(h().http).get(`/api/comments/${q2.id}`);
    expect(after.body.comment.quote).toEqual(expect.objectContaining({ commentId: short.id, excerpt: '' }));
    const listed = (await request(h().http).get(`/api/articles/${id}/comments`)).body.items.find(
      (c: { id: string }) => c.id === q2.id,
    );
    expect(listed.quote.excerpt).toBe('');
  });

  it('enforces the body rules: 1 to 10,000 code points, no NUL', async () => {
    const { id } = await h().newArticle();
    expectFieldError(await postAs(alice, id, { body: 'a'.repeat(10_001) }), 'body');
    expectFieldError(await postAs(alice, id, { body: '   ' }), 'body');
    expectFieldError(await postAs(alice, id, { body: 'a\u0000b' }), 'body');
    expectFieldError(await postAs(alice, id, { body: 'x', extra: 1 }), 'extra');
    const emoji = await postAs(alice, id, { body: '😀'.repeat(10_000) });
    expect(emoji.status).toBe(201);
    expect([...emoji.body.comment.body]).toHaveLength(10_000);
  });
});

describe('PATCH and DELETE /api/comments/:id', () => {
  it('lets the author edit within 15 minutes, not another member, not after', async () => {
    const { id } = await h().newArticle();
    offsetMs = 0;
    const res = await postAs(alice, id, { body: 'original' }, clocked.app);
    expect(res.status).toBe(201);
    const cid = res.body.comment.id as string;
    const edit = await request(clocked.app)
      .patch(`/api/comments/${cid}`)
      .set(bearer(alice.token))
      .send({ body: 'edited' });
    expect(edit.status).toBe(200);
    expect(edit.body.comment).toEqual(
      expect.objectContaining({ body: 'edited', editedAt: expect.any(String), editedBy: null }),
    );
    const byBob = await request(clocked.app)
      .patch(`/api/comments/${cid}`)
      .set(bearer(bob.token))
      .send({ body: 'hijack' });
    expect(byBob.status).toBe(403);
    expect(byBob.body.error.code).toBe('forbidden');

    offsetMs = 16 * 60 * 1000;
    const late = await request(clocked.app)
      .patch(`/api/comments/${cid}`)
      .set(bearer(alice.token))
      .send({ body: 'too late' });
    expect(late.status).toBe(403);
    const byMod = await request(clocked.app)
      .patch(`/api/comments/${cid}`)
      .set(bearer(mod.token))
      .send({ body: 'moderated' });
    expect(byMod.status).toBe(200);
    expect(byMod.body.comment.body).toBe('moderated');
    expect(byMod.body.comment.editedBy).toEqual({ id: mod.user.id, username: 'c_mod', displayName: 'c_mod' });
    offsetMs = 0;
    const types = (await events(id)).items.map((e: { type: string }) => e.type);
    expect(types).toEqual(['comment.created', 'comment.edited', 'comment.edited']);
  });

  it('lets only the author delete; the text is then empty for everyone but moderators', async () => {
    const { id } = await h().newArticle();
    const c = await posted(alice, id, 'to be deleted');
    const byBob = await request(h().http).delete(`/api/comments/${c.id}`).set(bearer(bob.token));
    expect(byBob.status).toBe(403);
    const byMod = await request(h().http).delete(`/api/comments/${c.id}`).set(bearer(mod.token));
    expect(byMod.status).toBe(403);
    const del = await request(h().http).delete(`/api/comments/${c.id}`).set(bearer(alice.token));
    expect(del.status).toBe(200);
    expect(del.body.comment.status).toBe('deleted');
    const anon = await request(h().http).get(`/api/comments/${c.id}`);
    expect(anon.body.comment).toEqual(expect.objectContaining({ status: 'deleted', body: '', html: '' }));
    const asBob = await request(h().http).get(`/api/comments/${c.id}`).set(bearer(bob.token));
    expect(asBob.body.comment.body).toBe('');
    const asMod = await request(h().http).get(`/api/comments/${c.id}`).set(bearer(mod.token));
    expect(asMod.body.comment.body).toBe('to be deleted');
    const modList = await request(h().http).get(`/api/articles/${id}/comments`).set(bearer(mod.token));
    expect(modList.body.items[0].body).toBe('to be deleted');
    // Restoring what the author deleted is not moderation's to undo.
    const restore = await request(h().http).post(`/api/comments/${c.id}/restore`).set(bearer(mod.token));
    expect(restore.status).toBe(403);
    expect((await request(h().http).get(`/api/articles/${id}`)).body.article.commentCount).toBe(0);
  });

  it('lets moderators remove and restore, not members', async () => {
    const { id } = await h().newArticle();
    const c = await posted(alice, id, 'questionable');
    expect((await request(h().http).post(`/api/comments/${c.id}/remove`).set(bearer(bob.token)).send({})).status).toBe(
      403,
    );
    const removed = await request(h().http)
      .post(`/api/comments/${c.id}/remove`)
      .set(bearer(mod.token))
      .send({ reason: 'spam' });
    expect(removed.status).toBe(200);
    expect(removed.body.comment).toEqual(expect.objectContaining({ status: 'removed', body: 'questionable' }));
    expect((await request(h().http).get(`/api/comments/${c.id}`)).body.comment).toEqual(
      expect.objectContaining({ status: 'removed', body: '', html: '' }),
    );
    expect(
      (await request(h().http).patch(`/api/comments/${c.id}`).set(bearer(alice.token)).send({ body: 'sneaky' })).status,
    ).toBe(403);
    expect((await request(h().http).delete(`/api/comments/${c.id}`).set(bearer(alice.token))).status).toBe(403);
    expect((await request(h().http).get(`/api/articles/${id}`)).body.article.commentCount).toBe(0);
    expect((await request(h().http).post(`/api/comments/${c.id}/restore`).set(bearer(bob.token))).status).toBe(403);
    const restored = await request(h().http).post(`/api/comments/${c.id}/restore`).set(bearer(mod.token));
    expect(restored.status).toBe(200);
    expect(restored.body.comment.status).toBe('visible');
    expect((await request(h().http).get(`/api/comments/${c.id}`)).body.comment.body).toBe('questionable');
    expect((await request(h().http).get(`/api/articles/${id}`)).body.article.commentCount).toBe(1);
  });
});

describe('GET /api/comments/:id', () => {
  it.each(['not-an-id', '0123456789abcdef01234567'])('answers 404 for %s', async (cid) => {
    const res = await request(h().http).get(`/api/comments/${cid}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('GET /api/articles/:id/comments', () => {
  let articleId: string;
  let all: Array<Json>;

  beforeAll(async () => {
    ({ id: articleId } = await h().newArticle());
    all = [];
    for (let i = 0; i < 12; i++) all.push(await posted(i % 2 ? bob : alice, articleId, `comment ${i}`));
    await request(h().http).delete(`/api/comments/${all[3]!.id}`).set(bearer(bob.token));
    await request(h().http).post(`/api/comments/${all[4]!.id}/remove`).set(bearer(mod.token)).send({});
  });

  async function collect(query: Record<string, string | number>) {
    const items: Array<Json> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await request(h().http)
        .get(`/api/articles/${articleId}/comments`)
        .query({ ...query, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    return { items, pages };
  }

  it('pages oldest first by cursor, showing deleted and removed comments in place with empty text', async () => {
    const { items, pages } = await collect({ limit: 5 });
    expect(pages).toBe(3);
    expect(items.map((c) => c.id)).toEqual(all.map((c) => c.id));
    expect(items.map((c) => c.seq)).toEqual(all.map((c) => c.seq));
    expect(items[3]).toEqual(expect.objectContaining({ status: 'deleted', body: '', html: '' }));
    expect(items[4]).toEqual(expect.objectContaining({ status: 'removed', body: '', html: '' }));
    expect(items[5]!.body).toBe('comment 5');
    const first = await request(h().http).get(`/api/articles/${articleId}/comments`);
    expect(first.body.lastSeq).toBe(14);
    expect(first.body.nextCursor).toBeNull();
  });

  it('pages newest first', async () => {
    const { items } = await collect({ limit: 4, sort: 'newest' });
    expect(items.map((c) => c.id)).toEqual(all.map((c) => c.id).reverse());
  });

  it('answers the page around a comment with both cursors', async () => {
    const target = all[6]!;
    const res = await request(h().http)
      .get(`/api/articles/${articleId}/comments`)
      .query({ around: target.id, limit: 4 });
    expect(res.status).toBe(200);
    const ids = res.body.items.map((c: { id: string }) => c.id);
    expect(ids).toContain(target.id);
    expect(ids).toEqual(all.slice(all.indexOf(target) - 2, all.indexOf(target) + 2).map((c) => c.id));
    expect(res.body.prevCursor).toEqual(expect.any(String));
    expect(res.body.nextCursor).toEqual(expect.any(String));
    const next = await request(h().http)
      .get(`/api/articles/${articleId}/comments`)
      .query({ cursor: res.body.nextCursor, limit: 4 });
    expect(next.body.items[0].id).toBe(all[8]!.id);
    const prev = await request(h().http)
      .get(`/api/articles/${articleId}/comments`)
      .query({ cursor: res.body.prevCursor, limit: 4 });
    expect(prev.body.items.map((c: { id: string }) => c.id)).toEqual([all[3]!.id, all[2]!.id, all[1]!.id, all[0]!.id]);

    const edge = await request(h().http)
      .get(`/api/articles/${articleId}/comments`)
      .query({ around: all[0]!.id, limit: 4 });
    expect(edge.body.prevCursor).toBeNull();
    expect(edge.body.items[0].id).toBe(all[0]!.id);
  });

  it('refuses a bad limit, sort or cursor with 400', async () => {
    for (const query of [
      { limit: 0 },
      { limit: 101 },
      { sort: 'sideways' },
      { cursor: 'garbage' },
      { around: 'nope' },
    ]) {
      const res = await request(h().http).get(`/api/articles/${articleId}/comments`).query(query);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await request(h().http).get('/api/articles/0123456789abcdef01234567/comments')).status).toBe(404);
  });
});
