/**
 * Scenarios over two instances sharing one store and one Redis, run by the multi-instance tests with
 * each adapter (classic and sharded pub/sub): fan-out of comments posted on both instances, a removal
 * and a lock crossing over, and the end of sessions (ban, logout) reaching the sockets of the other one.
 */
import request from 'supertest';
import type { PublicEvent } from '../../shared/events';
import { bearer } from '../api/harness';
import { newArticleAt, type useClusterClients } from './cluster-clients';
import { ask, disconnected, nextEvent } from './harness';
import { sleep, until } from '../helpers/wait';
import { loginAt, registerAt } from '../helpers/accounts';

export interface TwoInstances {
  A: string;
  B: string;
  adminToken: string;
  connect: ReturnType<typeof useClusterClients>;
}

/** `readers` sockets split over A and B hear `comments` comments (REST and socket, on both) once each, in seq order. */
export async function fanOutAcrossInstances(
  { A, B, adminToken, connect }: TwoInstances,
  counts: { readers: number; comments: number },
): Promise<void> {
  const author = await registerAt(A, 'fan_author');
  const articleId = await newArticleAt(A, adminToken);
  const readers = await Promise.all(Array.from({ length: counts.readers }, (_, i) => connect(i % 2 === 0 ? A : B)));
  for (const r of readers) expect(await ask(r, 'article:join', { articleId })).toMatchObject({ ok: true, lastSeq: 0 });
  const heard = readers.map((r) => {
    const events: PublicEvent[] = [];
    r.on('article:event', (e) => events.push(e));
    return events;
  });
  const posters = [await connect(A, author.token), await connect(B, author.token)];

  const bodies: string[] = [];
  for (let i = 0; i < counts.comments; i++) {
    const body = `Comment ${i}`;
    bodies.push(body);
    const url = i % 4 < 2 ? A : B;
    if (i % 2 === 0) {
      expect(
        (await request(url).post(`/api/articles/${articleId}/comments`).set(bearer(author.token)).send({ body }))
          .status,
      ).toBe(201);
    } else {
      expect(await ask(posters[url === A ? 0 : 1]!, 'comment:post', { articleId, body })).toMatchObject({ ok: true });
    }
  }
  await until(`every reader to hear ${counts.comments} events`, () =>
    heard.every((events) => events.length >= counts.comments),
  );
  await sleep(200);
  // Once each. Arrival order across instances is not promised: a post is answered before its own emit, so the
  // next post's event (from the other instance) may overtake it; clients apply events in seq order.
  for (const events of heard) {
    const bySeq = [...events].sort((a, b) => a.seq - b.seq);
    expect(bySeq.map((e) => e.seq)).toEqual(Array.from({ length: counts.comments }, (_, i) => i + 1));
    expect(bySeq.map((e) => e.comment?.body)).toEqual(bodies);
  }

  // A removal on B reaches the readers of both without its text; a lock on A is told to readers on B.
  const last = heard[0]!.at(-1)!.comment!;
  const removals = readers.map((r) => nextEvent(r, 'article:event', (e) => e.type === 'comment.removed'));
  expect(
    (await request(B).post(`/api/comments/${last.id}/remove`).set(bearer(adminToken)).send({ reason: 'rude' })).status,
  ).toBe(200);
  for (const removed of await Promise.all(removals)) {
    expect(removed).toMatchObject({
      seq: counts.comments + 1,
      comment: { id: last.id, status: 'removed', body: '', html: '' },
    });
    expect(JSON.stringify(removed)).not.toContain(last.body);
  }
  const locks = readers
    .filter((_, i) => i % 2 === 1)
    .map((r) => nextEvent(r, 'article:event', (e) => e.type === 'article.locked'));
  expect(
    (await request(A).patch(`/api/articles/${articleId}`).set(bearer(adminToken)).send({ locked: true })).status,
  ).toBe(200);
  for (const locked of await Promise.all(locks))
    expect(locked).toMatchObject({ articleId, seq: counts.comments + 2, type: 'article.locked' });
  for (const r of [...readers, ...posters]) r.disconnect();
}

/** A ban issued on B revokes and disconnects the user's socket on A within a second; others stay. */
export async function banAcrossInstances({ A, B, adminToken, connect }: TwoInstances): Promise<void> {
  const user = await registerAt(A, 'cross_banned');
  const socket = await connect(A, user.token);
  const revoked = nextEvent(socket, 'session:revoked', () => true, 1000);
  const closed = disconnected(socket, 1500);
  const bystander = await connect(A, (await registerAt(A, 'cross_bystander')).token);
  expect(
    (await request(B).post(`/api/users/${user.id}/ban`).set(bearer(adminToken)).send({ reason: 'spam' })).status,
  ).toBe(200);
  expect(await revoked).toEqual({ reason: 'banned' });
  expect(await closed).toBe('io server disconnect');
  expect(bystander.connected).toBe(true);
  bystander.disconnect();
}

/** A logout on B revokes that session's socket on A, and only that session's. */
export async function logoutAcrossInstances({ A, B, adminToken, connect }: TwoInstances): Promise<void> {
  const user = await registerAt(A, 'cross_logout');
  const other = await loginAt(B, 'cross_logout');
  const ending = await connect(A, user.token);
  const staying = await connect(A, other);
  const revoked = nextEvent(ending, 'session:revoked', () => true, 1000);
  const closed = disconnected(ending, 1500);
  expect((await request(B).post('/api/auth/logout').set(bearer(user.token))).status).toBe(204);
  expect(await revoked).toEqual({ reason: 'logout' });
  expect(await closed).toBe('io server disconnect');
  const articleId = await newArticleAt(A, adminToken);
  expect(staying.connected).toBe(true);
  expect(await ask(staying, 'comment:post', { articleId, body: 'Still here.' })).toMatchObject({ ok: true });
  staying.disconnect();
}
