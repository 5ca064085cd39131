/**
 * The thread's guarantees across instances (two apps in this process and a separate server process on the
 * same store): gap-free seq, an exact commentCount, and paging that neither skips nor repeats while
 * comments arrive.
 */
import request from 'supertest';
import { type Registered } from './harness';
import { api, postSurely, range, useGuarantees, type Json } from './guarantees-kit';

const { h, fixtures, allEvents, allComments } = useGuarantees({ instances: true });
let posters: Registered[], mod: Registered, urls: string[];
beforeAll(() => ({ posters, mod, urls } = fixtures()));

describe('seq and commentCount across instances', () => {
  it('numbers 200 concurrent posts over three instances 1..200 without a gap', async () => {
    const { id } = await h().newArticle();
    const answers = await Promise.all(
      range(200).map((i) => postSurely(urls[i % urls.length]!, posters[i % posters.length]!, id, `concurrent ${i}`)),
    );
    // 201, or 200 for a retry (after a 503 on a busy machine) answered with the comment the post made.
    expect(answers.filter((a) => a.status !== 201 && a.status !== 200)).toEqual([]);
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
      range(50).map((i) => postSurely(urls[i % urls.length]!, posters[i % posters.length]!, id, `count ${i}`)),
    );
    expect(answers.filter((a) => a.status !== 201 && a.status !== 200)).toEqual([]);
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
        const res = await postSurely(urls[written % urls.length]!, posters[1]!, id, `during ${written}`);
        expect([200, 201]).toContain(res.status);
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
