/**
 * The live event log over REST: seq 1..n with no gap, each event's commentCount, the comment's current
 * public state (never text that has since been removed), and the `after`/`limit` paging.
 */
import request from 'supertest';
import { bearer, useApiHarness, type Registered } from './harness';

const h = useApiHarness();
let author: Registered;
let mod: Registered;
let articleId: string;
const ids: string[] = [];

beforeAll(async () => {
  author = await h().register('ev_author');
  mod = await h().register('ev_mod');
  await h().promote(mod.user.id, 'moderator');
  ({ id: articleId } = await h().newArticle());
  for (let i = 0; i < 6; i++) ids.push(await h().comment(author.token, articleId, `secret ${i}`));
  // seq 7: removal of comment 2; seq 8: its author deletes comment 4; seq 9: an edit of comment 5.
  expect(
    (await request(h().http).post(`/api/comments/${ids[1]}/remove`).set(bearer(mod.token)).send({ reason: 'r' }))
      .status,
  ).toBe(200);
  expect((await request(h().http).delete(`/api/comments/${ids[3]}`).set(bearer(author.token))).status).toBe(200);
  expect(
    (
      await request(h().http)
        .patch(`/api/comments/${ids[4]}`)
        .set(bearer(author.token))
        .send({ body: 'secret 4, edited' })
    ).status,
  ).toBe(200);
});

const read = (query: Record<string, string | number>, token?: string) => {
  const req = request(h().http).get(`/api/articles/${articleId}/events`).query(query);
  return token ? req.set(bearer(token)) : req;
};

describe('GET /api/articles/:id/events', () => {
  it('gives seq 1..n without a gap, the count after each event and the article lastSeq', async () => {
    const res = await read({ after: 0 });
    expect(res.status).toBe(200);
    expect(res.body.lastSeq).toBe(9);
    expect(res.body.items.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(res.body.items.map((e: { type: string }) => e.type)).toEqual([
      ...Array(6).fill('comment.created'),
      'comment.removed',
      'comment.deleted',
      'comment.edited',
    ]);
    expect(res.body.items.map((e: { commentCount: number }) => e.commentCount)).toEqual([1, 2, 3, 4, 5, 6, 5, 4, 4]);
    for (const e of res.body.items)
      expect(e).toEqual(
        expect.objectContaining({ articleId, at: expect.any(String), comment: expect.objectContaining({ articleId }) }),
      );
    const article = await request(h().http).get(`/api/articles/${articleId}`);
    expect(article.body.article).toEqual(expect.objectContaining({ lastSeq: 9, commentCount: 4 }));
  });

  it('never replays removed or deleted text, not even in the event that created the comment', async () => {
    const { items } = (await read({ after: 0 })).body;
    const created = (id: string) =>
      items.find((e: { type: string; comment: { id: string } }) => e.type === 'comment.created' && e.comment.id === id);
    expect(created(ids[1]!).comment).toEqual(expect.objectContaining({ status: 'removed', body: '', html: '' }));
    expect(created(ids[3]!).comment).toEqual(expect.objectContaining({ status: 'deleted', body: '', html: '' }));
    // Shows the current state: the creation event of an edited comment carries the edited text.
    expect(created(ids[4]!).comment.body).toBe('secret 4, edited');
    const text = JSON.stringify(items);
    expect(text).not.toContain('secret 1');
    expect(text).not.toContain('secret 3');
    // Moderators see the text, as everywhere.
    const asMod = (await read({ after: 0 }, mod.token)).body.items;
    expect(JSON.stringify(asMod)).toContain('secret 1');
  });

  it('pages by after and limit', async () => {
    const first = await read({ after: 0, limit: 4 });
    expect(first.body.items.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(first.body.lastSeq).toBe(9);
    const rest = await read({ after: 4, limit: 500 });
    expect(rest.body.items.map((e: { seq: number }) => e.seq)).toEqual([5, 6, 7, 8, 9]);
    const none = await read({ after: 9 });
    expect(none.body.items).toEqual([]);
    expect(none.body.lastSeq).toBe(9);
    const one = await read({ after: 8, limit: 1 });
    expect(one.body.items).toHaveLength(1);
    expect(one.body.items[0].seq).toBe(9);
  });

  it.each<Record<string, string | number>>([
    { limit: 0 },
    { limit: 501 },
    { limit: 'x' },
    { after: -1 },
    { after: 'soon' },
  ])('answers 400 for %j', async (query) => {
    const res = await read(query);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.details.fields)).toEqual(Object.keys(query));
  });

  it('answers 404 for an unknown article', async () => {
    expect((await request(h().http).get('/api/articles/0123456789abcdef01234567/events')).status).toBe(404);
    expect((await request(h().http).get('/api/articles/welcome/events')).status).toBe(404);
  });
});
