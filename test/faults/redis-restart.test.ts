/**
 * Redis restarted in the middle of a post stream (issue 8, fault 2): two instances keep answering posts
 * while Redis is away, every reader (following the contract's repair rule with shared/thread-sync.ts)
 * ends with every acknowledged comment once and in seq order, and the instances reconnect by themselves:
 * the adapter (classic and sharded pub/sub) carries events between them again and /readyz is back to "ok"
 * (it says "degraded" meanwhile, never 503). With RATE_LIMITS=on the limits fall back to each instance's own
 * (in-memory) limiter while Redis is away instead of failing requests.
 *
 * How soon events cross instances again (Redis back → the first live event a reader on one instance gets of
 * a post through the other) is printed for each restart, not asserted; `REDIS_RESTARTS=5` restarts five
 * times in one stream to measure it (docs/api.md, "When Redis goes away").
 */
import type { PublicEvent } from '../../shared/types';
import { useCluster, type Cluster } from '../helpers/cluster';
import { newArticleAt, postAt, useClusterClients } from '../realtime/cluster-clients';

import { expectExactly, openReader } from '../realtime/thread-reader';
import { DEGRADED, READY, readyz, readyzBecomes, restartRedis } from './redis-support';
import { sleep, until } from '../helpers/wait';
import { loginAt, registerAt } from '../helpers/accounts';

const RESTARTS = Number(process.env.REDIS_RESTARTS ?? 1);
jest.setTimeout(60_000 + RESTARTS * 30_000);
/** Generous (measured about 1 s, see docs/api.md): only a machine stalled for that long, or a bug, misses it. */
const CROSS_AGAIN_WITHIN_MS = 30_000;

describe.each(['classic', 'sharded'])('with the %s Redis adapter', (adapter) => {
  const cluster = useCluster({ env: { REDIS_ADAPTER: adapter } });
  const connect = useClusterClients();
  test('posts on both instances go on while Redis restarts; every reader ends exact; the instances reconnect', () =>
    streamThroughRestarts(cluster(), connect, adapter));
});

/** A live event as a reader's socket got it: when, on which instance, and through which one it was posted. */
interface Arrival {
  at: number;
  on: string;
  postedOn: string;
}

type Connect = ReturnType<typeof useClusterClients>;

async function streamThroughRestarts(cluster: Cluster, connect: Connect, adapter: string): Promise<void> {
  const [A, B] = cluster.instances.map((i) => i.url) as [string, string];
  const author = await registerAt(A, 'rr_author');
  const articleId = await newArticleAt(A, cluster.adminToken);
  const readers = await Promise.all(
    Array.from({ length: 8 }, (_, i) => openReader((url) => connect(url), i % 2 === 0 ? A : B, articleId)),
  );
  // Every live arrival, kept with its time: under load the event often reaches a reader before its POST has
  // answered, so an arrival must not be matched against the posts answered so far.
  const arrivals: Arrival[] = [];
  for (const reader of readers) {
    reader.socket.on('article:event', (e: PublicEvent) => {
      const postedOn = e.comment?.body.startsWith('Through A') ? A : B;
      arrivals.push({ at: Date.now(), on: reader.url, postedOn });
    });
  }

  const acknowledged: { id: string; at: number }[] = [];
  const refused: number[] = [];
  let streaming = true;
  const stream = async (url: string) => {
    for (let i = 0; streaming; i++) {
      const { status, id } = await postAt(url, author.token, articleId, `Through ${url === A ? 'A' : 'B'}, #${i}`);
      if (id) acknowledged.push({ id, at: Date.now() });
      else refused.push(status);
      await sleep(25);
    }
  };
  const streams = [stream(A), stream(B)];
  await sleep(500);

  const outages: { duringOutage: number; readyDuring: unknown[]; crossedAgainMs: number }[] = [];
  for (let restart = 0; restart < RESTARTS; restart++) {
    let readyDuring: unknown[] = [];
    const { downAt, upAt } = await restartRedis(cluster.redis, 1500, async () => {
      await sleep(300);
      readyDuring = await Promise.all([readyz(A), readyz(B)]);
    });
    // Nothing crosses instances while Redis is away: a cross-instance arrival after it is back was
    // published after it was back.
    const crossed = () => arrivals.find((a) => a.at >= upAt && a.on !== a.postedOn);
    await until('an event to cross instances again', () => crossed() !== undefined, {
      timeoutMs: CROSS_AGAIN_WITHIN_MS,
    });
    const crossedAgainMs = crossed()!.at - upAt;
    const duringOutage = acknowledged.filter((p) => p.at > downAt && p.at < upAt).length;
    outages.push({ duringOutage, readyDuring, crossedAgainMs });
    process.stdout.write(
      `redis restart ${restart + 1}/${RESTARTS} (${adapter} adapter): ` +
        `${duringOutage} posts acknowledged while Redis was down ` +
        `for ${upAt - downAt} ms; events crossed instances again ${crossedAgainMs} ms after Redis was back\n`,
    );
    await sleep(1000);
  }
  streaming = false;
  await Promise.all(streams);

  expect(refused).toEqual([]);
  for (const outage of outages) {
    expect(outage.duringOutage).toBeGreaterThan(0);
    for (const ready of outage.readyDuring) expect(ready).toEqual(DEGRADED);
  }
  // Both instances are ready again by themselves.
  for (const url of [A, B]) expect(await readyzBecomes(url, READY, 15_000)).toEqual(READY);

  const ids = acknowledged.map((p) => p.id);
  await until('every reader to catch up', () => readers.every((r) => r.sync.state().lastApplied >= ids.length), {
    timeoutMs: 30_000,
  });
  await sleep(300);
  for (const reader of readers) expectExactly(reader, ids);
  process.stdout.write(
    `redis restarts (${adapter} adapter): events crossed instances again after ` +
      `${outages.map((o) => o.crossedAgainMs).join(', ')} ms\n`,
  );
}

describe('with RATE_LIMITS=on', () => {
  const cluster = useCluster({ instances: 1, env: { RATE_LIMITS: 'on' } });

  test('sign-ins, registrations and posts still succeed while Redis is away', async () => {
    const C = cluster().instances[0]!.url;
    const users = [await registerAt(C, 'rr_limited_1'), await registerAt(C, 'rr_limited_2')];
    const articleId = await newArticleAt(C, cluster().adminToken);
    const answers: number[] = [];
    const flood: number[] = [];
    let readyAtTheEnd: unknown;
    // Long enough for everything below to happen while Redis is away (checked by /readyz at the end).
    await restartRedis(cluster().redis, 5000, async () => {
      // Only once the instance itself saw Redis go.
      await readyzBecomes(C, DEGRADED, 3000);
      for (const user of users)
        for (let i = 0; i < 2; i++)
          answers.push((await postAt(C, user.token, articleId, `While Redis is away ${i}`)).status);
      await registerAt(C, 'rr_limited_3');
      await loginAt(C, 'rr_limited_1');
      // The fallback still limits, per instance: a flood gets 429s, never an error.
      for (let i = 0; i < 8; i++) flood.push((await postAt(C, users[0]!.token, articleId, `Flood ${i}`)).status);
      readyAtTheEnd = await readyz(C);
    });
    expect(readyAtTheEnd).toEqual(DEGRADED);
    expect(answers).toEqual([201, 201, 201, 201]);
    expect(flood.every((s) => s === 201 || s === 429)).toBe(true);
    expect(flood).toContain(429);

    // Back to the limits shared through Redis once it answers again.
    await readyzBecomes(C, READY, 10_000);
    expect((await postAt(C, users[1]!.token, articleId, 'Redis is back.')).status).toBe(201);
  });
});
