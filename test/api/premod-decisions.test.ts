/** Approving and rejecting held comments, and the moderators' queue (contract v2 "Pre-moderation"). */
import request from 'supertest';
import { bearer, expectError, useApiHarness, type Registered } from './harness';

const h = useApiHarness();

let moderator: Registered;
let author: Registered;
let admin: string;

beforeAll(async () => {
  moderator = await h().register('pd_moderator');
  await h().promote(moderator.user.id, 'moderator');
  author = await h().register('pd_author');
  admin = await h().adminToken();
});

/** A thread whose comments are held (per article), and a way to post to it. */
async function heldThread() {
  const { id } = await h().newArticle();
  await request(h().http).patch(`/api/articles/${id}`).set(bearer(moderator.token)).send({ premod: 'all' }).expect(200);
  return id;
}
async function hold(articleId: string, body: string, token = author.token): Promise<string> {
  const res = await request(h().http).post(`/api/articles/${articleId}/comments`).set(bearer(token)).send({ body });
  expect(res.body.comment.status).toBe('pending');
  return res.body.comment.id as string;
}
const decide = (id: string, action: 'approve' | 'reject', body: object = {}, token = moderator.token) =>
  request(h().http).post(`/api/comments/${id}/${action}`).set(bearer(token)).send(body);
const queue = async (kind: string, extra = '') => {
  const res = await request(h().http).get(`/api/moderation/queue?kind=${kind}${extra}`).set(bearer(moderator.token));
  expect(res.status).toBe(200);
  return res.body as { items: { kind: string; comment: { id: string }; reports?: unknown[] }[]; nextCursor: string };
};
const events = async (articleId: string) => (await request(h().http).get(`/api/articles/${articleId}/events`)).body;
const lastLog = async () =>
  (await request(h().http).get('/api/moderation/log?limit=1').set(bearer(moderator.token))).body.items[0];

it('approving stores comment.created then: the comment takes the next seq, counted, and logged', async () => {
  const articleId = await heldThread();
  const held = await hold(articleId, 'Held first.');
  // A moderator's comment is never held: it is seq 1, before the held one is approved.
  await h().comment(moderator.token, articleId, 'Published at once.');
  const approved = await decide(held, 'approve');
  expect(approved.status).toBe(200);
  expect(approved.body.comment).toMatchObject({ id: held, status: 'visible', seq: 2, body: 'Held first.' });
  const log = await events(articleId);
  expect(log.items.map((e: { seq: number; type: string }) => [e.seq, e.type])).toEqual([
    [1, 'comment.created'],
    [2, 'comment.created'],
  ]);
  expect(log.items[1]).toMatchObject({ commentCount: 2, comment: { id: held, status: 'visible' } });
  const list = await request(h().http).get(`/api/articles/${articleId}/comments`);
  expect(list.body.items.map((c: { id: string }) => c.id).at(-1)).toBe(held);
  expect((await request(h().http).get(`/api/articles/${articleId}`)).body.article.commentCount).toBe(2);
  expect(await lastLog()).toMatchObject({ action: 'approve', targetId: held, actor: { id: moderator.user.id } });
  // Decided once: a second decision finds nothing awaiting review.
  expectError(await decide(held, 'approve'), 409, 'conflict');
  expectError(await decide(held, 'reject'), 409, 'conflict');
});

it('rejecting stores nothing public; the author still sees the comment, marked rejected', async () => {
  const articleId = await heldThread();
  const held = await hold(articleId, 'Not this one.');
  const rejected = await decide(held, 'reject', { reason: 'off topic' });
  expect(rejected.status).toBe(200);
  expect(rejected.body.comment).toMatchObject({ id: held, status: 'rejected' });
  expect(await events(articleId)).toEqual({ items: [], lastSeq: 0 });
  const own = await request(h().http).get(`/api/comments/${held}`).set(bearer(author.token));
  expect(own.body.comment).toMatchObject({ status: 'rejected', body: 'Not this one.' });
  expectError(await request(h().http).get(`/api/comments/${held}`), 404, 'not_found');
  expect(await lastLog()).toMatchObject({ action: 'reject', targetId: held, reason: 'off topic' });
  expectError(await decide(held, 'approve'), 409, 'conflict');
});

it('refuses members, unknown comments, comments that were never held, and bad reasons', async () => {
  const articleId = await heldThread();
  const held = await hold(articleId, 'Waiting.');
  expectError(await decide(held, 'approve', {}, author.token), 403, 'forbidden');
  expectError(await decide(held, 'reject', {}, author.token), 403, 'forbidden');
  expectError(await decide('0123456789abcdef01234567', 'approve'), 404, 'not_found');
  expectError(await decide(held, 'reject', { reason: 'x'.repeat(501) }), 400, 'validation_failed');
  expectError(await decide(held, 'reject', { why: 'no' }), 400, 'validation_failed');
  const visible = await h().comment(admin, articleId, 'An admin is never held.');
  expectError(await decide(visible, 'approve'), 409, 'conflict');
});

describe('GET /api/moderation/queue', () => {
  it('lists held comments oldest first, paged by cursor, until they are decided', async () => {
    const articleId = await heldThread();
    const before = (await queue('pending', '&limit=100')).items.length;
    const ids = [await hold(articleId, 'q1'), await hold(articleId, 'q2'), await hold(articleId, 'q3')];
    const all = await queue('pending', '&limit=100');
    expect(all.items.slice(before).map((i) => [i.kind, i.comment.id])).toEqual(ids.map((id) => ['pending', id]));
    // Paged one at a time from the start, every item once, in order, the last page with nextCursor null.
    const seen: string[] = [];
    let cursor = '';
    do {
      const page = await queue('pending', `&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.comment.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((i) => i.comment.id));
    await decide(ids[1]!, 'approve');
    await decide(ids[2]!, 'reject');
    expect((await queue('pending', '&limit=100')).items.slice(before).map((i) => i.comment.id)).toEqual([ids[0]]);
  });

  it('lists reported comments with their open reports, oldest first; dismissing takes them out', async () => {
    const { id: articleId } = await h().newArticle();
    const target = await h().comment(author.token, articleId, 'Controversial.');
    const reporter = await h().register('pd_reporter');
    await request(h().http).post(`/api/comments/${target}/report`).set(bearer(reporter.token)).send({ reason: 'rude' });
    const item = (await queue('reported', '&limit=100')).items.find((i) => i.comment.id === target);
    expect(item).toMatchObject({
      kind: 'reported',
      reports: [{ by: { id: reporter.user.id }, reason: 'rude', at: expect.any(String) }],
    });
    await request(h().http).post(`/api/comments/${target}/reports/dismiss`).set(bearer(moderator.token)).send({});
    expect((await queue('reported', '&limit=100')).items.map((i) => i.comment.id)).not.toContain(target);
  });

  it('is for moderators, and wants a kind and a valid limit and cursor', async () => {
    const get = (q: string, token = moderator.token) =>
      request(h().http).get(`/api/moderation/queue${q}`).set(bearer(token));
    expectError(await get('?kind=pending', author.token), 403, 'forbidden');
    expectError(await get(''), 400, 'validation_failed');
    expectError(await get('?kind=open'), 400, 'validation_failed');
    expectError(await get('?kind=pending&limit=0'), 400, 'validation_failed');
    expectError(await get('?kind=pending&cursor=nonsense'), 400, 'validation_failed');
  });
});
