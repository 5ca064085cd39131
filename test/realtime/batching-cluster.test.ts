/**
 * Hot threads over two instances (each adapter): a batched reader on A gets the posts made on B as
 * `article:events` batches, fewer packets than posts and every seq once in order; a plain reader on A
 * still gets single `article:event`s; with writers on both instances, batched readers on both end exact.
 */
import { useCluster } from '../helpers/cluster';
import { newArticleAt, postAt, useClusterClients } from './cluster-clients';
import { type ClientSocket } from './harness';
import { expectExactly, openReader } from './thread-reader';
import { until } from '../helpers/wait';
import { registerAt } from '../helpers/accounts';

jest.setTimeout(60_000);

const BURST = 30;

/** What a socket receives: the batches (as seq lists) and the single events' seqs. */
function record(socket: ClientSocket) {
  const seen = { batches: [] as number[][], singles: [] as number[] };
  socket.on('article:events', ({ events }) => seen.batches.push(events.map((e) => e.seq)));
  socket.on('article:event', (e) => seen.singles.push(e.seq));
  return seen;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe.each(['classic', 'sharded'])('with the %s Redis adapter', (adapter) => {
  const cluster = useCluster({ env: { REDIS_ADAPTER: adapter, RATE_LIMITS: 'off' } });
  const connect = useClusterClients();

  test('a batched reader on A gets a burst posted on B in batches, in order; a plain one is unchanged', async () => {
    const [A, B] = cluster().instances.map((i) => i.url) as [string, string];
    const author = await registerAt(B, `batch_${adapter}_b`);
    const articleId = await newArticleAt(A, cluster().adminToken);
    const batched = await openReader((url) => connect(url), A, articleId, true);
    const plain = await openReader((url) => connect(url), A, articleId);
    const batchedGot = record(batched.socket);
    const plainGot = record(plain.socket);

    const posts = await Promise.all(range(BURST).map((i) => postAt(B, author.token, articleId, `From B #${i}`)));
    expect(posts.map((p) => p.status)).toEqual(posts.map(() => 201));
    const arrived = () => batchedGot.batches.flat().length === BURST && plainGot.singles.length === BURST;
    await until('the burst on A', arrived);

    expect(batchedGot.batches.length).toBeLessThan(BURST);
    expect(batchedGot.batches.flat()).toEqual(range(BURST));
    expect(batchedGot.singles).toEqual([]);
    expect(plainGot.singles).toEqual(range(BURST));
    expect(plainGot.batches).toEqual([]);
    const ids = posts.map((p) => p.id!);
    expectExactly(batched, ids);
    expectExactly(plain, ids);
    const packets = batchedGot.batches.length;
    process.stdout.write(`hot threads (${adapter}): ${BURST} posts on B reached a reader on A in ${packets} packets\n`);
  });

  test('with writers on both instances, batched readers on both end with every comment once, in order', async () => {
    const [A, B] = cluster().instances.map((i) => i.url) as [string, string];
    const author = await registerAt(A, `batch_${adapter}_ab`);
    const articleId = await newArticleAt(A, cluster().adminToken);
    const readers = [
      await openReader((url) => connect(url), A, articleId, true),
      await openReader((url) => connect(url), B, articleId, true),
    ];
    const got = readers.map((r) => record(r.socket));

    const post = (i: number) => postAt(i % 2 === 0 ? A : B, author.token, articleId, `Both #${i}`);
    const posts = await Promise.all(range(BURST).map(post));
    expect(posts.map((p) => p.status)).toEqual(posts.map(() => 201));
    await until('both readers to apply the burst', () => readers.every((r) => r.sync.state().lastApplied === BURST));
    for (const reader of readers)
      expectExactly(
        reader,
        posts.map((p) => p.id!),
      );
    // Each batch is in seq order, whichever instance wrote its events; only batches came.
    for (const seen of got) {
      for (const batch of seen.batches) expect(batch).toEqual([...batch].sort((x, y) => x - y));
      expect(seen.singles).toEqual([]);
    }
  });
});
