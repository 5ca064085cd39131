/**
 * Reactions over REST: PUT and DELETE (idempotent, exact under concurrency, refused on one's own or a
 * hidden comment, to anonymous and banned users), `reacted` only for signed-in viewers, `replyCount`,
 * and the thread sorted by top and by replies with its tree kept and its pages complete.
 */
import type { Document } from 'mongodb';
import { Types } from 'mongoose';
import request from 'supertest';
import { bearer, expectError, useApiHarness, type Registered } from './harness';
import { settle } from '../helpers/wait';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const h = useApiHarness();
let alice: Registered;
let bob: Registered;
let carol: Registered;

beforeAll(async () => {
  [alice, bob, carol] = [await h().register('r_alice'), await h().register('r_bob'), await h().register('r_carol')];
});

const react = (who: Registered, id: string, on = true) => {
  const path = `/api/comments/${id}/reaction`;
  return (on ? request(h().http).put(path) : request(h().http).delete(path)).set(bearer(who.token));
};
const asUser = (who: Registered | string, method: 'post' | 'delete', path: string) =>
  request(h().http)
    [method](path)
    .set(bearer(typeof who === 'string' ? who : who.token));
const getComment = async (id: string, who?: Registered): Promise<Json> => {
  const req = request(h().http).get(`/api/comments/${id}`);
  return (await (who ? req.set(bearer(who.token)) : req)).body.comment;
};
const list = async (articleId: string, query: Record<string, unknown>, who?: Registered): Promise<Json> => {
  const req = request(h().http).get(`/api/articles/${articleId}/comments`).query(query);
  const res = await (who ? req.set(bearer(who.token)) : req);
  expect(res.status).toBe(200);
  return res.body;
};
/** A comment's count as a reader reads it, once it is what `expected` says (a reply's follow-up write lands
 * just after its answer); fails after a few seconds. */
async function settlesTo(id: string, expected: Record<string, unknown>): Promise<void> {
  const got: Json = await settle(
    () => getComment(id),
    (now: Json) => Object.entries(expected).every(([k, v]) => now[k] === v),
    { timeoutMs: 5000, intervalMs: 20 },
  );
  expect(got).toMatchObject(expected);
}
const reply = async (who: Registered, articleId: string, parentId: string, body = 'A reply.'): Promise<string> => {
  const res = await asUser(who, 'post', `/api/articles/${articleId}/comments`).send({ body, parentId });
  expect(res.status).toBe(201);
  return res.body.comment.id as string;
};

describe('PUT and DELETE /api/comments/:id/reaction', () => {
  it('counts one reaction per user, answers the same when repeated, and takes it back', async () => {
    const { id: articleId } = await h().newArticle();
    const id = await h().comment(alice.token, articleId, 'React to me.');
    expect((await react(bob, id)).body).toEqual({ reactions: 1, reacted: true });
    expect((await react(bob, id)).body).toEqual({ reactions: 1, reacted: true });
    expect((await react(carol, id)).body).toEqual({ reactions: 2, reacted: true });
    expect((await react(bob, id, false)).body).toEqual({ reactions: 1, reacted: false });
    expect((await react(bob, id, false)).body).toEqual({ reactions: 1, reacted: false });
    expect(await getComment(id)).toMatchObject({ reactions: 1 });
  });

  it('ends with the exact count when many users react and take back at once', async () => {
    const { id: articleId } = await h().newArticle();
    const id = await h().comment(alice.token, articleId, 'Popular.');
    const users = await Promise.all(Array.from({ length: 12 }, (_, i) => h().register(`r_crowd${i}`)));
    // Every user reacts twice at once; the first half also take it back twice, racing their own PUTs' end.
    await Promise.all(users.flatMap((u) => [react(u, id), react(u, id)]));
    expect(await getComment(id)).toMatchObject({ reactions: 12 });
    // At once: the first half take theirs back (twice each), the rest react again (nothing changes), and
    // six newcomers react.
    const newcomers = await Promise.all(Array.from({ length: 6 }, (_, i) => h().register(`r_late${i}`)));
    const all = await Promise.all([
      ...users.slice(0, 6).flatMap((u) => [react(u, id, false), react(u, id, false)]),
      ...users.slice(6).map((u) => react(u, id)),
      ...newcomers.map((u) => react(u, id)),
    ]);
    expect(all.every((r) => r.status === 200)).toBe(true);
    expect(await getComment(id)).toMatchObject({ reactions: 12 });
  });

  it("refuses anonymous readers, one's own comment, hidden comments and banned users", async () => {
    const { id: articleId } = await h().newArticle();
    const id = await h().comment(alice.token, articleId, 'Mine.');
    expectError(await request(h().http).put(`/api/comments/${id}/reaction`), 401, 'unauthenticated');
    expectError(await react(alice, id), 403, 'forbidden');
    expectError(await react(bob, '0123456789abcdef01234567'), 404, 'not_found');
    expectError(await react(bob, 'nope'), 404, 'not_found');

    const deleted = await h().comment(alice.token, articleId, 'Soon gone.');
    expect((await asUser(alice, 'delete', `/api/comments/${deleted}`)).status).toBe(200);
    expectError(await react(bob, deleted), 403, 'forbidden');
    const removed = await h().comment(alice.token, articleId, 'Soon removed.');
    const admin = await h().adminToken();
    expect((await asUser(admin, 'post', `/api/comments/${removed}/remove`).send({})).status).toBe(200);
    expectError(await react(bob, removed), 403, 'forbidden');

    const banned = await h().register('r_banned');
    const ban = await asUser(admin, 'post', `/api/users/${banned.user.id}/ban`).send({ reason: 'spam' });
    expect(ban.status).toBe(200);
    expectError(await react(banned, id), 401, 'unauthenticated');
    expect(await getComment(id)).toMatchObject({ reactions: 0 });
  });

  it('names the button as REACTION_LABEL says (GET /api/site)', async () => {
    expect((await request(h().http).get('/api/site')).body).toEqual({ reactionLabel: 'Like' });
    const clapping = h().secondApp({ REACTION_LABEL: 'Clap' });
    expect((await request(clapping.app).get('/api/site')).body).toEqual({ reactionLabel: 'Clap' });
  });

  it('is rate limited per user', async () => {
    const app = h().secondApp({ RATE_LIMITS: 'on' });
    const { id: articleId } = await h().newArticle();
    const id = await h().comment(alice.token, articleId, 'Click me.');
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      statuses.push((await request(app.app).put(`/api/comments/${id}/reaction`).set(bearer(carol.token))).status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
  });
});

describe('reacted and replyCount on comments', () => {
  it('tells a signed-in viewer whether they reacted, and says nothing to anonymous readers', async () => {
    const { id: articleId } = await h().newArticle();
    const id = await h().comment(alice.token, articleId, 'Hello.');
    await react(bob, id);
    expect(await getComment(id, bob)).toMatchObject({ reactions: 1, reacted: true });
    expect(await getComment(id, carol)).toMatchObject({ reactions: 1, reacted: false });
    expect(await getComment(id)).not.toHaveProperty('reacted');
    expect((await list(articleId, {}, bob)).items[0]).toMatchObject({ id, reacted: true });
    expect((await list(articleId, {})).items[0]).not.toHaveProperty('reacted');
    const events = (await request(h().http).get(`/api/articles/${articleId}/events`).query({ after: 0 })).body.items;
    expect(events[0].comment).not.toHaveProperty('reacted');
    const posted = await asUser(bob, 'post', `/api/articles/${articleId}/comments`).send({ body: 'New.' });
    expect(posted.body.comment).toMatchObject({ reactions: 0, replyCount: 0, reacted: false });
  });

  it('counts visible direct replies', async () => {
    const { id: articleId } = await h().newArticle();
    const top = await h().comment(alice.token, articleId, 'Top.');
    const r1 = await reply(bob, articleId, top);
    await reply(carol, articleId, top);
    await reply(carol, articleId, r1);
    await settlesTo(top, { replyCount: 2 });
    await settlesTo(r1, { replyCount: 1 });
    expect((await asUser(bob, 'delete', `/api/comments/${r1}`)).status).toBe(200);
    await settlesTo(top, { replyCount: 1 });
    const admin = await h().adminToken();
    const r3 = await reply(bob, articleId, top);
    await settlesTo(top, { replyCount: 2 });
    expect((await asUser(admin, 'post', `/api/comments/${r3}/remove`).send({})).status).toBe(200);
    await settlesTo(top, { replyCount: 1 });
    expect((await asUser(admin, 'post', `/api/comments/${r3}/restore`)).status).toBe(200);
    await settlesTo(top, { replyCount: 2 });
  });
});

describe('sort=top and sort=replies', () => {
  /** Five top-level comments with replies; reactions 0, 3, 1, 3, 0 and replies 1, 0, 2, 0, 0. */
  async function thread() {
    const { id: articleId } = await h().newArticle();
    const tops: string[] = [];
    for (let i = 0; i < 5; i++) tops.push(await h().comment(alice.token, articleId, `Top ${i}.`));
    const users = await Promise.all(Array.from({ length: 3 }, (_, i) => h().register(`r_s${articleId.slice(-6)}${i}`)));
    for (const [i, n] of [0, 3, 1, 3, 0].entries()) for (const u of users.slice(0, n)) await react(u, tops[i]!);
    const a = await reply(bob, articleId, tops[0]!);
    const b = await reply(bob, articleId, tops[2]!);
    const c = await reply(carol, articleId, tops[2]!);
    const deep = await reply(carol, articleId, a);
    return { articleId, tops, replies: { a, b, c, deep } };
  }

  it('orders top-level comments by reactions then age, each with its replies in seq order', async () => {
    const { articleId, tops, replies } = await thread();
    await settlesTo(tops[2]!, { replyCount: 2 });
    const page: Json = await list(articleId, { sort: 'top' });
    const topLevel = page.items.filter((c: Json) => c.parentId === null).map((c: Json) => c.id);
    expect(topLevel).toEqual([tops[1], tops[3], tops[2], tops[0], tops[4]]);
    const rest = page.items.filter((c: Json) => c.parentId !== null).map((c: Json) => c.id);
    expect(rest).toEqual([replies.a, replies.b, replies.c, replies.deep]);
    expect(page.nextCursor).toBeNull();
  });

  it('orders by replies, pages by cursor without skipping, and brings each page its replies', async () => {
    const { articleId, tops, replies } = await thread();
    await settlesTo(tops[2]!, { replyCount: 2 });
    await settlesTo(tops[0]!, { replyCount: 1 });
    const seen: string[] = [];
    const repliesSeen: string[] = [];
    let cursor: string | undefined;
    do {
      const page: Json = await list(articleId, { sort: 'replies', limit: 2, ...(cursor ? { cursor } : {}) });
      const topLevel = page.items.filter((c: Json) => c.parentId === null);
      expect(topLevel.length).toBeLessThanOrEqual(2);
      seen.push(...topLevel.map((c: Json) => c.id));
      repliesSeen.push(...page.items.filter((c: Json) => c.parentId !== null).map((c: Json) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([tops[2], tops[0], tops[1], tops[3], tops[4]]);
    expect(repliesSeen.sort()).toEqual(Object.values(replies).sort());
  });

  it('pages sort=top across ties, and a cursor keeps its order whatever sort says', async () => {
    const { articleId, tops } = await thread();
    const first: Json = await list(articleId, { sort: 'top', limit: 1 });
    expect(first.items.filter((c: Json) => !c.parentId).map((c: Json) => c.id)).toEqual([tops[1]]);
    const second: Json = await list(articleId, { limit: 1, cursor: first.nextCursor });
    expect(second.items.filter((c: Json) => !c.parentId).map((c: Json) => c.id)).toEqual([tops[3]]);
    const bad = await request(h().http).get(`/api/articles/${articleId}/comments`).query({ sort: 'best' });
    expectError(bad, 400, 'validation_failed');
  });
});

describe('the ranked pages read through an index', () => {
  /** Every stage name in a plan tree, outermost first. */
  const stages = (plan: Document | undefined): string[] =>
    plan ? [plan.stage as string, ...stages(plan.inputStage as Document | undefined)] : [];

  it('walks the (articleId, parentId, reactions, seq) index for sort=top, first page and past a cursor', async () => {
    const { id } = await h().newArticle();
    const articleId = new Types.ObjectId(id);
    const { Comment } = h().app.ctx.models;
    // 2,000 top-level comments straight into the store, reactions 0 to 9.
    const at = new Date();
    const docs = Array.from({ length: 2000 }, (_, i) => ({
      articleId,
      seq: i + 1,
      parentId: null,
      quoteId: null,
      authorId: new Types.ObjectId(),
      body: 'x',
      html: 'x',
      excerpt: 'x',
      status: 'visible',
      createdAt: at,
      editedAt: null,
      editedBy: null,
      removedReason: null,
      reactions: i % 10,
      replyCount: 0,
    }));
    await Comment.collection.insertMany(docs);
    const plans = [
      { articleId, parentId: null, seq: { $gt: 0 } },
      { articleId, parentId: null, reactions: 5, seq: { $gt: 1000 } },
      { articleId, parentId: null, reactions: { $lt: 5 }, seq: { $gt: 0 } },
    ];
    for (const filter of plans) {
      const cursor = Comment.collection.find(filter).sort({ reactions: -1, seq: 1 }).limit(51);
      const explained: Json = await cursor.explain('executionStats');
      expect(stages(explained.queryPlanner.winningPlan)).toContain('IXSCAN');
      expect(stages(explained.queryPlanner.winningPlan)).not.toContain('COLLSCAN');
      // Measured: 51 examined for 51 returned.
      expect(explained.executionStats.totalDocsExamined).toBeLessThanOrEqual(60);
    }
    // A page's replies are found by parent through the same index.
    const parents = [new Types.ObjectId(), new Types.ObjectId()];
    const replies: Json = await Comment.collection
      .find({ articleId, parentId: { $in: parents }, seq: { $gt: 0 } })
      .sort({ seq: 1 })
      .explain('executionStats');
    expect(stages(replies.queryPlanner.winningPlan)).toContain('IXSCAN');
    const page: Json = await list(id, { sort: 'top', limit: 50 });
    expect(page.items.map((c: Json) => c.reactions)).toEqual(Array(50).fill(9));
    expect(page.items[0].seq).toBe(10);
  });
});
