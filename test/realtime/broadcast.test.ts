/**
 * What readers hear: every comment once and in seq order (posted over REST or over the socket), the
 * events they missed when they come back with afterSeq, removals without their text, locks, and counts
 * for the home page.
 */
import request from 'supertest';
import type { PublicEvent } from '../../shared/events';
import { bearer, type Registered } from '../api/harness';
import { ask, nextEvent, useRealtimeHarness, type ClientSocket } from './harness';
import { sleep, until } from '../helpers/wait';

const h = useRealtimeHarness();

let author: Registered;

beforeAll(async () => {
  author = await h().register('live_author');
});

/** Every article:event a socket hears, in arrival order. */
function record(socket: ClientSocket): PublicEvent[] {
  const heard: PublicEvent[] = [];
  socket.on('article:event', (e) => heard.push(e));
  return heard;
}

test('40 readers each receive 30 comments, posted over REST and over the socket, once and in seq order', async () => {
  const { id: articleId } = await h().newArticle();
  const readers = await Promise.all(Array.from({ length: 40 }, () => h().connect()));
  for (const r of readers) expect(await ask(r, 'article:join', { articleId })).toMatchObject({ ok: true, lastSeq: 0 });
  const heard = readers.map(record);
  const poster = await h().connect({ auth: { token: author.token } });

  const bodies: string[] = [];
  for (let i = 0; i < 30; i++) {
    const body = `Comment number ${i}`;
    bodies.push(body);
    if (i % 2 === 0) {
      const res = await request(h().http)
        .post(`/api/articles/${articleId}/comments`)
        .set(bearer(author.token))
        .send({ body });
      expect(res.status).toBe(201);
    } else {
      expect(await ask(poster, 'comment:post', { articleId, body })).toMatchObject({ ok: true, comment: { body } });
    }
  }

  await until('every reader to hear 30 events', () => heard.every((events) => events.length >= 30));
  // A moment for any duplicate to show up.
  await sleep(100);
  for (const events of heard) {
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(events.map((e) => e.comment?.body)).toEqual(bodies);
    expect(events.map((e) => e.commentCount)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(events.every((e) => e.type === 'comment.created' && e.articleId === articleId)).toBe(true);
  }
  for (const r of readers) r.disconnect();
}, 30_000);

test('a reader that comes back with afterSeq gets exactly the 5 comments it missed', async () => {
  const { id: articleId } = await h().newArticle();
  await h().comment(author.token, articleId, 'Seen before leaving.');
  const first = await h().connect();
  const joined = await ask(first, 'article:join', { articleId });
  if (!joined.ok) throw new Error('join failed');
  expect(joined.lastSeq).toBe(1);
  first.disconnect();

  const missedBodies = [1, 2, 3, 4, 5].map((n) => `Missed ${n}`);
  for (const body of missedBodies) await h().comment(author.token, articleId, body);

  const again = await h().connect();
  const back = await ask(again, 'article:join', { articleId, afterSeq: joined.lastSeq });
  expect(back).toMatchObject({ ok: true, lastSeq: 6 });
  if (!back.ok) throw new Error('rejoin failed');
  expect(back.missed.map((e) => [e.seq, e.comment?.body])).toEqual(missedBodies.map((b, i) => [i + 2, b]));
  expect(back.presence).toEqual({ articleId, readers: 1, typing: [], lastSeq: 6 });
});

test('a removal reaches readers without body or html, and a lock as article.locked', async () => {
  const { id: articleId } = await h().newArticle();
  const commentId = await h().comment(author.token, articleId, 'Something rude.');
  const reader = await h().connect();
  await ask(reader, 'article:join', { articleId });
  const admin = await h().adminToken();

  const removal = nextEvent(reader, 'article:event', (e) => e.type === 'comment.removed');
  expect(
    (await request(h().http).post(`/api/comments/${commentId}/remove`).set(bearer(admin)).send({ reason: 'rude' }))
      .status,
  ).toBe(200);
  const removed = await removal;
  expect(removed).toMatchObject({
    articleId,
    seq: 2,
    commentCount: expect.any(Number),
    comment: { id: commentId, status: 'removed', body: '', html: '' },
  });
  expect(JSON.stringify(removed)).not.toContain('Something rude');

  const lock = nextEvent(reader, 'article:event', (e) => e.type === 'article.locked');
  expect(
    (await request(h().http).patch(`/api/articles/${articleId}`).set(bearer(admin)).send({ locked: true })).status,
  ).toBe(200);
  const locked = await lock;
  expect(locked).toMatchObject({ articleId, seq: 3, type: 'article.locked' });
  expect(locked.comment).toBeUndefined();

  const poster = await h().connect({ auth: { token: author.token } });
  expect(await ask(poster, 'comment:post', { articleId, body: 'Too late.' })).toMatchObject({
    ok: false,
    error: { code: 'forbidden' },
  });
});

test('articles:watch follows comment counts, at most once a second per article, ending on the latest', async () => {
  const [a, b] = [await h().newArticle(), await h().newArticle()];
  const watcher = await h().connect();
  expect(await ask(watcher, 'articles:watch', { articleIds: [a.id, b.id] })).toEqual({ ok: true });
  const counts: { articleId: string; commentCount: number; at: number }[] = [];
  const events = record(watcher);
  watcher.on('article:count', (c) => counts.push({ ...c, at: Date.now() }));

  const started = Date.now();
  for (let i = 0; i < 3; i++) await h().comment(author.token, a.id);
  await h().comment(author.token, b.id);
  await until('the count of 3 for a', () => counts.some((c) => c.articleId === a.id && c.commentCount === 3));
  await until('the count of 1 for b', () => counts.some((c) => c.articleId === b.id && c.commentCount === 1));

  const ofA = counts.filter((c) => c.articleId === a.id);
  // At most one a second, plus the first: bounded by the seconds that passed, since on a busy machine the
  // three posts alone may take more than one.
  const seconds = (ofA.at(-1)!.at - started) / 1000;
  expect(ofA.length).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
  for (let i = 1; i < ofA.length; i++) expect(ofA[i]!.at - ofA[i - 1]!.at).toBeGreaterThanOrEqual(900);
  // Watchers are not readers: they hear no article:event.
  expect(events).toEqual([]);

  // The list is replaced: after watching only b, a's counts stop.
  expect(await ask(watcher, 'articles:watch', { articleIds: [b.id] })).toEqual({ ok: true });
  const before = counts.length;
  await h().comment(author.token, a.id);
  await h().comment(author.token, b.id);
  await until('the count of 2 for b', () => counts.some((c) => c.articleId === b.id && c.commentCount === 2));
  expect(counts.slice(before).every((c) => c.articleId === b.id)).toBe(true);
});
