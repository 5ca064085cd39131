/**
 * Scenario 3, per target, with its readers connected: the acknowledgement at a steady 20 posts/s, then
 * the sustained rate of posts flat out (a fixed number of posts from several concurrent writers, timed
 * from the first send to the last reader's receipt of the last one, so a server that acknowledges fast
 * but delivers late gets no credit) and its acknowledgement.
 */
import { appDelta, readAppCounters } from '../app-metrics';
import { type BenchContext, sleep } from '../context';
import { openPoster, postFlatOut, postSteadily, warmUp } from '../poster';
import { postKey, type Target } from '../protocol';
import { collectReceipts, connectReaders, disconnectReaders } from '../readers';
import { instancesOf } from '../stack';
import { summarize, type Summary } from '../stats';
import { perUnit, type OpCounts } from '../store-ops';

const DELIVERY_WAIT_MS = 60_000;

export interface Throughput {
  target: Target;
  readers: number;
  /** dbOpsPerPost: the store's operations per post during the steady phase (app; the baseline has none). */
  steady: {
    postsPerSecond: number;
    ack: Summary;
    latency: Summary;
    missing: number;
    dbOpsPerPost: OpCounts;
    app?: ReturnType<typeof appDelta>;
  };
  flatOut: {
    posts: number;
    concurrency: number;
    postsPerSecond: number;
    deliveriesPerSecond: number;
    ack: Summary;
    latency: Summary;
    missing: number;
  };
  disconnected: number;
}

export async function throughput(ctx: BenchContext, target: Target): Promise<Throughput> {
  const { stack, progress } = ctx;
  const { readers, steadyPerSecond, steadyPosts, flatOutPosts, concurrency } = ctx.plan.throughput;
  const phase = `throughput ${target}, ${readers} readers`;
  const instances = instancesOf(stack, target);
  const articleId = await ctx.newArticle(target, 'Throughput');
  await connectReaders(stack, target, articleId, readers, (n) =>
    progress.update(phase, `${n}/${readers} readers connected`),
  );
  const poster = await openPoster(target, instances[0]!.url, articleId, target === 'app' ? ctx.posterToken : undefined);
  try {
    await warmUp(poster, `${target}-throughput`);
    await collectReceipts(stack, [], 0);
    const steadyTokens = Array.from({ length: steadyPosts }, (_, i) => `${target}-steady-${i}`);
    const readApp = () => Promise.all(stack.app.map((i) => readAppCounters(i.url)));
    const appBefore = target === 'app' ? await readApp() : undefined;
    const opsBefore = await ctx.storeOps.read();
    const steady = await postSteadily(poster, steadyTokens, steadyPerSecond, (n) =>
      progress.update(phase, `${n}/${steadyPosts} posts at ${steadyPerSecond}/s`),
    );
    const steadyReceipts = await collectReceipts(
      stack,
      steadyTokens.map((t) => ({ key: postKey(t) })),
      DELIVERY_WAIT_MS,
    );
    const dbOpsPerPost = perUnit(opsBefore, await ctx.storeOps.read(), steadyPosts);
    // The server's own view of the same posts: its ack time, and how often each instance emitted.
    const app = appBefore ? appDelta(appBefore, await readApp()) : undefined;
    await sleep(1000);

    progress.update(phase, `${flatOutPosts} posts flat out, ${concurrency} writers`);
    const flatTokens = Array.from({ length: flatOutPosts }, (_, i) => `${target}-flat-${i}`);
    const flat = await postFlatOut(poster, flatTokens, concurrency);
    progress.update(phase, 'waiting for the last deliveries');
    const flatReceipts = await collectReceipts(
      stack,
      flatTokens.map((t) => ({ key: postKey(t) })),
      DELIVERY_WAIT_MS,
    );
    const firstSent = Math.min(...flat.map((p) => p.sentAt));
    const lastReceived = Math.max(...flat.map((p) => p.sentAt + (flatReceipts.lastByKey[postKey(p.token)] ?? 0)));
    const postsPerSecond = Math.round((flatOutPosts / (lastReceived - firstSent)) * 1000 * 10) / 10;
    return {
      target,
      readers,
      steady: {
        postsPerSecond: steadyPerSecond,
        ack: summarize(steady.map((p) => p.ackMs)),
        latency: summarize(steadyReceipts.latencies),
        missing: steadyReceipts.missing,
        dbOpsPerPost,
        app,
      },
      flatOut: {
        posts: flatOutPosts,
        concurrency,
        postsPerSecond,
        deliveriesPerSecond: Math.round(postsPerSecond * readers),
        ack: summarize(flat.map((p) => p.ackMs)),
        latency: summarize(flatReceipts.latencies),
        missing: flatReceipts.missing,
      },
      disconnected: steadyReceipts.disconnected + flatReceipts.disconnected,
    };
  } finally {
    poster.close();
    await disconnectReaders(stack);
    await sleep(1000);
  }
}
