/**
 * The shared thread-sync module against the real server: a reader that disconnects and comes back, and
 * a reader whose socket loses broadcasts, both end with every comment exactly once in seq order.
 */
import request from 'supertest';
import { createThreadSync, type ThreadSync } from '../../shared/thread-sync';
import { bearer, type Registered } from '../api/harness';
import { useRealtimeHarness } from './harness';
import { fetchEventsAt, followThread } from './thread-reader';
import { until } from '../helpers/wait';

const h = useRealtimeHarness({ RATE_LIMITS: 'off' });

let author: Registered;

beforeAll(async () => {
  author = await h().register('sync_author');
});

async function post(articleId: string, body: string): Promise<void> {
  const res = await request(h().http)
    .post(`/api/articles/${articleId}/comments`)
    .set(bearer(author.token))
    .send({ body });
  expect(res.status).toBe(201);
}

function expectExact(sync: ThreadSync, bodies: string[]) {
  const { comments, lastApplied, commentCount } = sync.state();
  expect(comments.map((c) => c.body)).toEqual(bodies);
  expect(comments.map((c) => c.seq)).toEqual(bodies.map((_, i) => i + 1));
  expect(lastApplied).toBe(bodies.length);
  expect(commentCount).toBe(bodies.length);
}

test('a reader that disconnects and rejoins with afterSeq ends with every comment once, in seq order', async () => {
  const { id: articleId } = await h().newArticle();
  const sync = createThreadSync({ articleId, fetchEvents: fetchEventsAt(() => h().url, articleId) });
  const first = await h().connect();
  await followThread(first, sync, articleId);

  const bodies = Array.from({ length: 35 }, (_, i) => `Synced comment ${i}`);
  for (const body of bodies.slice(0, 30)) await post(articleId, body);
  await until('the reader to apply 30 events', () => sync.state().lastApplied === 30);

  first.disconnect();
  for (const body of bodies.slice(30)) await post(articleId, body);
  expect(sync.state().lastApplied).toBe(30);

  const second = await h().connect();
  await followThread(second, sync, articleId);
  expectExact(sync, bodies);
});

test('a reader whose socket loses broadcasts ends exact through the next gap or presence.lastSeq', async () => {
  const { id: articleId } = await h().newArticle();
  const sync = createThreadSync({ articleId, fetchEvents: fetchEventsAt(() => h().url, articleId) });
  const socket = await h().connect();
  // Lose seq 3..5 (a gap the next event reveals) and the last one (only presence reveals it).
  await followThread(socket, sync, articleId, (e) => (e.seq >= 3 && e.seq <= 5) || e.seq === 10);

  const bodies = Array.from({ length: 10 }, (_, i) => `Lossy comment ${i}`);
  for (const body of bodies) await post(articleId, body);
  await until('the gap to be repaired', () => sync.state().lastApplied >= 9);
  expect(sync.state().comments.map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  // Nothing comes after the lost last event: the server's presence (lastSeq 10) brings it.
  await until('presence to reveal the lost last event', () => sync.state().lastApplied === 10, { timeoutMs: 20_000 });
  expectExact(sync, bodies);
}, 30_000);
