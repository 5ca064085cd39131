// Posting comments over REST: idempotent retries, replies, quotes, length and character rules.
import request from 'supertest';
import { createApp } from '../../server/app';
import { quietLogger, testConfig } from '../app/support';
import { bearer, harnessEnv, type Registered } from './harness';
import { expectFieldError, useComments } from './comments-kit';

const { h, fixtures, postAs, posted, events } = useComments();
let alice: Registered, bob: Registered, mod: Registered;
beforeAll(() => ({ alice, bob, mod } = fixtures()));

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

  it('posts that overlap share store commands and are each answered as alone, a repeated clientId too', async () => {
    const { id } = await h().newArticle();
    const bodies = Array.from({ length: 8 }, (_, i) => ({ body: `burst ${i}`, clientId: `burst-${i}` }));
    const answers = await Promise.all(
      [...bodies, { body: 'burst 0', clientId: 'burst-0' }].map((b) => postAs(alice, id, b)),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([...Array(8).fill(201), 200].sort());
    expect(new Set(answers.map((r) => r.body.comment.id)).size).toBe(8);
    const log = await events(id);
    expect(log.items.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const list = await request(h().http).get(`/api/articles/${id}/comments`);
    expect(list.body.items.map((c: { seq: number }) => c.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
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
