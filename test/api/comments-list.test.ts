// Listing a thread over REST: both orders, cursors, the page around a comment, hidden text emptied.
import request from 'supertest';
import { bearer, type Registered } from './harness';
import { useComments, type Json } from './comments-kit';

const { h, fixtures, posted } = useComments();
let alice: Registered, bob: Registered, mod: Registered;
beforeAll(() => ({ alice, bob, mod } = fixtures()));

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
