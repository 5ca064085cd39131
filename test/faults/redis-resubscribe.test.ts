/**
 * Events published while an instance's Redis subscription is down never reach its readers: all of a
 * Redis outage, and the moment after it before the instance has subscribed again. Once subscribed again the
 * instance tells its readers each joined article's stored lastSeq at once (presence), and they repair the
 * rest from /events (the contract's rule, as test/realtime/thread-reader.ts follows it).
 *
 * Here the other instance, B, posts while Redis is away and then dies before Redis is back, so nothing else
 * can show the readers on A the gap: no later event, and no lastSeq of B's reported through Redis. One of
 * the readers joins batched (`batch: true`): its batches come through the same subscription.
 */
import { useCluster, type Cluster } from '../helpers/cluster';
import { newArticleAt, postAt, useClusterClients } from '../realtime/cluster-clients';

import { expectExactly, openReader, type Reader } from '../realtime/thread-reader';
import { restartRedis } from './redis-support';
import { sleep, until } from '../helpers/wait';
import { registerAt } from '../helpers/accounts';

/** Generous: about a reconnection delay (≤ 0.5 s), a read of the log and one presence frame on a quiet machine. */
const REPAIRED_WITHIN_MS = 20_000;

describe.each(['classic', 'sharded'])('with the %s Redis adapter', (adapter) => {
  const cluster = useCluster({ env: { REDIS_ADAPTER: adapter } });
  const connect = useClusterClients();
  test('readers on A get every post made on B while Redis was away, via presence lastSeq, with no later event', () =>
    repairAfterResubscribing(cluster, connect, adapter));
});

type Connect = ReturnType<typeof useClusterClients>;

async function repairAfterResubscribing(cluster: () => Cluster, connect: Connect, adapter: string): Promise<void> {
  const [A, B] = cluster().instances.map((i) => i.url) as [string, string];
  const author = await registerAt(A, 'resub_author');
  const articles = [await newArticleAt(A, cluster().adminToken), await newArticleAt(A, cluster().adminToken)];
  const posted = new Map<string, string[]>(articles.map((id) => [id, []]));
  const post = async (url: string, articleId: string, body: string) => {
    const { status, id } = await postAt(url, author.token, articleId, body);
    expect(status).toBe(201);
    posted.get(articleId)!.push(id!);
  };
  const readers: Reader[] = [];
  // The second article's reader joins batched (article:events): it repairs by the same rule.
  for (const [i, articleId] of articles.entries()) {
    readers.push(await openReader((url) => connect(url), A, articleId, i === 1));
  }

  // Before: live across instances.
  for (const articleId of articles) await post(B, articleId, 'Before the restart, through B.');
  await until('the first posts to arrive live', () => readers.every((r) => r.sync.state().lastApplied === 1));

  const { upAt } = await restartRedis(cluster().redis, 3000, async () => {
    for (let i = 0; i < 3; i++) {
      for (const articleId of articles) await post(B, articleId, `While Redis is away, through B, #${i}`);
    }
    // B dies before Redis is back: its lastSeq never reaches Redis, and it posts nothing more.
    cluster().instances[1]!.child.kill('SIGKILL');
    await cluster().instances[1]!.exited;
    // Nothing of it reached A meanwhile.
    expect(readers.map((r) => r.sync.state().lastApplied)).toEqual([1, 1]);
  });

  const repaired = () => readers.every((r) => r.sync.state().lastApplied === 4);
  await until('the readers to repair', repaired, { timeoutMs: REPAIRED_WITHIN_MS });
  const repairedMs = Date.now() - upAt;
  await sleep(200);
  for (const reader of readers) expectExactly(reader, posted.get(reader.articleId)!);
  process.stdout.write(
    `redis resubscribe (${adapter} adapter): readers on A repaired ${repairedMs} ms after Redis was back\n`,
  );
}
