/**
 * Hot threads on one instance: a socket that joins with `batch: true` gets `article:events` packets (the
 * first event after quiet alone, a burst in fewer packets than posts, every seq once and in order) and
 * never `article:event`; one that joins without is unchanged; joining again switches the mode, leaving
 * ends both; a reader that loses a batch, or disconnects mid-burst and rejoins, ends exact via /events.
 */
import request from 'supertest';
import type { PublicEvent } from '../../shared/types';
import { createThreadSync } from '../../shared/thread-sync';
import { bearer, type Registered } from '../api/harness';
import { ask, nextEvent, useRealtimeHarness, type ClientSocket } from './harness';
import { fetchEventsAt, followThread } from './thread-reader';
import { sleep, until } from '../helpers/wait';

const h = useRealtimeHarness({ RATE_LIMITS: 'off' });

/** Longer than the 250 ms of quiet after which an event goes out alone. */
const QUIET_MS = 600;
const BURST = 40;

let author: Registered;

beforeAll(async () => {
  author = await h().register('batch_author');
});

async function post(articleId: string, body: string): Promise<string> {
  const res = await request(h().http)
    .post(`/api/articles/${articleId}/comments`)
    .set(bearer(author.token))
    .send({ body });
  expect(res.status).toBe(201);
  return res.body.comment.id as string;
}

/** Posts `n` comments at once (their events are stored one after another, in a burst). */
const burst = (articleId: string, n: number, label: string) =>
  Promise.all(Array.from({ length: n }, (_, i) => post(articleId, `${label} ${i}`)));

/** What a socket receives of an article: the batches (as seq lists) and the single events. */
function record(socket: ClientSocket) {
  const seen = { batches: [] as number[][], singles: [] as number[] };
  socket.on('article:events', ({ events }) => seen.batches.push(events.map((e) => e.seq)));
  socket.on('article:event', (e) => seen.singles.push(e.seq));
  return seen;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

test('a batched socket gets a lone first event, a burst in fewer packets, in order; plain ones unchanged', async () => {
  const { id: articleId } = await h().newArticle();
  const batched = await h().connect();
  const plain = await h().connect();
  const got = record(batched);
  const plainGot = record(plain);
  expect(await ask(batched, 'article:join', { articleId, batch: true })).toMatchObject({ ok: true, lastSeq: 0 });
  expect(await ask(plain, 'article:join', { articleId })).toMatchObject({ ok: true, lastSeq: 0 });

  await post(articleId, 'The first after quiet.');
  await until('the first batch', () => got.batches.length === 1);
  expect(got.batches).toEqual([[1]]);

  await sleep(QUIET_MS);
  await burst(articleId, BURST, 'Burst');
  await until('the burst to arrive', () => got.batches.flat().length === BURST + 1);
  // Fewer packets than posts (the burst's events are gathered), each in order, all in order across them.
  expect(got.batches.length).toBeLessThan(BURST + 1);
  process.stdout.write(`hot threads: ${BURST + 1} events reached a batched socket in ${got.batches.length} packets\n`);
  expect(got.batches.flat()).toEqual(range(1, BURST + 1));

  // After quiet again, one post is a batch of one at once.
  await sleep(QUIET_MS);
  const before = got.batches.length;
  await post(articleId, 'Alone after quiet.');
  await until('the batch after quiet', () => got.batches.length === before + 1);
  expect(got.batches.at(-1)).toEqual([BURST + 2]);

  await until('the plain socket to get every event', () => plainGot.singles.length === BURST + 2);
  expect(plainGot.singles).toEqual(range(1, BURST + 2));
  expect(plainGot.batches).toEqual([]);
  expect(got.singles).toEqual([]);
});

test('a batched reader counts in presence; joining again switches the mode; leaving ends both', async () => {
  const { id: articleId } = await h().newArticle();
  const socket = await h().connect();
  const got = record(socket);
  const joined = await ask(socket, 'article:join', { articleId, batch: true });
  expect(joined).toMatchObject({ ok: true, presence: { readers: 1 } });

  await post(articleId, 'Batched.');
  await until('the batch', () => got.batches.length === 1);

  const unbatched = await ask(socket, 'article:join', { articleId, afterSeq: 1 });
  expect(unbatched).toMatchObject({ ok: true, missed: [], presence: { readers: 1 } });
  await post(articleId, 'Single.');
  await until('the single event', () => got.singles.length === 1);

  const rebatched = await ask(socket, 'article:join', { articleId, afterSeq: 2, batch: true });
  expect(rebatched).toMatchObject({ ok: true, missed: [] });
  await post(articleId, 'Batched again.');
  await until('the second batch', () => got.batches.length === 2);
  expect(got).toEqual({ batches: [[1], [3]], singles: [2] });

  expect(await ask(socket, 'article:leave', { articleId })).toEqual({ ok: true });
  const watcher = await h().connect();
  expect(await ask(watcher, 'article:join', { articleId })).toMatchObject({ ok: true, presence: { readers: 1 } });
  const watcherHears = nextEvent(watcher, 'article:event', (e) => e.seq === 4);
  await post(articleId, 'After leaving.');
  await watcherHears;
  await sleep(QUIET_MS);
  expect(got).toEqual({ batches: [[1], [3]], singles: [2] });
});

test('bad batch flags are refused with the error envelope', async () => {
  const { id: articleId } = await h().newArticle();
  const socket = await h().connect();
  expect(await ask(socket, 'article:join', { articleId, batch: 'yes' })).toMatchObject({
    ok: false,
    error: { code: 'validation_failed', details: { fields: { batch: expect.any(String) } } },
  });
});

test('a batched reader that loses a whole batch ends exact via /events', async () => {
  const { id: articleId } = await h().newArticle();
  const sync = createThreadSync({ articleId, fetchEvents: fetchEventsAt(() => h().url, articleId) });
  const socket = await h().connect();
  // Registered before the reader's own listener: the second batch is lost as a network would lose it.
  let packets = 0;
  const lost = new Set<number>();
  socket.on('article:events', ({ events }) => {
    packets += 1;
    if (packets === 2) for (const e of events) lost.add(e.seq);
  });
  await followThread(socket, sync, articleId, (e: PublicEvent) => lost.has(e.seq), true);

  const ids = [await post(articleId, 'Before the loss.')];
  ids.push(...(await burst(articleId, 20, 'Lossy burst')));
  await sleep(QUIET_MS);
  ids.push(await post(articleId, 'After the loss: its seq shows the gap.'));
  await until('the reader to repair', () => sync.state().lastApplied === 22);
  expect(lost.size).toBeGreaterThan(0);
  const { comments } = sync.state();
  expect(comments.map((c) => c.seq)).toEqual(range(1, 22));
  expect(comments.map((c) => c.id).sort()).toEqual([...ids].sort());
});

test('a batched reader that disconnects mid-burst and rejoins with afterSeq gets every seq exactly once', async () => {
  const { id: articleId } = await h().newArticle();
  const sync = createThreadSync({ articleId, fetchEvents: fetchEventsAt(() => h().url, articleId) });
  const applied: number[] = [];
  const first = await h().connect();
  await followThread(first, sync, articleId, undefined, true);

  // Cut the socket as soon as the burst's first batch is in.
  first.once('article:events', () => first.disconnect());
  const ids = await burst(articleId, BURST, 'Interrupted burst');
  const kept = sync.state().lastApplied;
  expect(kept).toBeLessThan(BURST);

  const second = await h().connect();
  second.on('article:events', ({ events }) => applied.push(...events.map((e) => e.seq)));
  await followThread(second, sync, articleId, undefined, true);
  ids.push(await post(articleId, 'After coming back.'));
  await until('the reader to catch up', () => sync.state().lastApplied === BURST + 1);
  const { comments } = sync.state();
  expect(comments.map((c) => c.seq)).toEqual(range(1, BURST + 1));
  expect(comments.map((c) => c.id).sort()).toEqual([...ids].sort());
  // The rejoined socket's live stream has nothing from before its join twice, and the new post once.
  expect(applied.filter((seq) => seq === BURST + 1)).toEqual([BURST + 1]);
  expect(new Set(applied).size).toBe(applied.length);
});
