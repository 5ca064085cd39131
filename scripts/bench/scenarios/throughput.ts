/**
 * Scenario 3, per target, with its readers connected: the acknowledgement at a steady 20 posts/s, then
 * the sustained rate of posts flat out (a fixed number of posts from several concurrent writers, timed
 * from the first send to the last reader's receipt of the last one, so a server that acknowledges fast
 * but delivers late gets no credit) and its acknowledgement. The flat-out writers are spread over
 * enough sockets that none has more in flight than the app lets one socket have worked on (the same for
 * both targets). Each phase also reports the servers' CPU per post: instances, and (app) the store.
 */
import { appDelta, readAppCounters } from '../app-metrics';
import { type BenchContext, sleep } from '../context';
import { cpuMeter, type CpuUsed } from '../cpu';
import { openPoster, type Poster, postFlatOut, postSteadily, warmUp, WRITERS_PER_SOCKET } from '../poster';
import { postKey, type Target } from '../protocol';
import { collectReceipts, connectReaders, disconnectReaders } from '../readers';
import { instancesOf } from '../stack';
import { summarize, type Summary } from '../stats';
import { perUnit, type OpCounts } from '../store-ops';

const DELIVERY_WAIT_MS = 60_000;

/** CPU ms of a phase and per post (µs): the target's instances, and the app's store process (0 for bare). */
export interface PhaseCpu {
  instancesMs: number;
  /** Per instance, the first being the one the posts enter (the other only relays them to its readers). */
  perInstanceMs: number[];
  storeMs: number;
  instancesPerPostUs: number;
  storePerPostUs: number;
}

/** A phase's CPU as reported: rounded to the ms, and per post in µs. */
function perPost(used: CpuUsed, posts: number): PhaseCpu {
  const perInstanceMs = used.perInstanceMs.map(Math.round);
  const instancesMs = perInstanceMs.reduce((a, b) => a + b, 0);
  const us = (ms: number) => Math.round((ms * 1000) / posts);
  return {
    instancesMs,
    perInstanceMs,
    storeMs: Math.round(used.storeMs),
    instancesPerPostUs: us(instancesMs),
    storePerPostUs: us(used.storeMs),
  };
}

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
    cpu: PhaseCpu;
  };
  flatOut: {
    posts: number;
    concurrency: number;
    /** Sockets the writers were spread over (at most WRITERS_PER_SOCKET each). */
    sockets: number;
    postsPerSecond: number;
    deliveriesPerSecond: number;
    ack: Summary;
    latency: Summary;
    missing: number;
    cpu: PhaseCpu;
    /** As the steady phase's: overlapping posts may share store commands. */
    dbOpsPerPost: OpCounts;
  };
  disconnected: number;
}

export async function throughput(ctx: BenchContext, target: Target): Promise<Throughput> {
  const { stack, progress } = ctx;
  const { readers, steadyPerSecond, steadyPosts, flatOutPosts, concurrency } = ctx.plan.throughput;
  const phase = `throughput ${target}, ${readers} readers`;
  const instances = instancesOf(stack, target);
  const articleId = await ctx.newArticle(target, 'Throughput');
  await connectReaders(stack, target, articleId, readers, { progress, phase });
  const sockets = Math.ceil(concurrency / WRITERS_PER_SOCKET);
  const posters: Poster[] = [];
  const pids = instances.map((i) => i.pid);
  const storePids = target === 'app' ? [stack.storePid] : [];
  try {
    for (let i = 0; i < sockets; i++) {
      const token = target === 'app' ? ctx.posterToken : undefined;
      posters.push(await openPoster(target, instances[0]!.url, articleId, token));
    }
    const poster = posters[0]!;
    for (const [i, p] of posters.entries()) await warmUp(p, `${target}-throughput-${i}`);
    await collectReceipts(stack, [], 0);
    const steadyTokens = Array.from({ length: steadyPosts }, (_, i) => `${target}-steady-${i}`);
    const readApp = () => Promise.all(stack.app.map((i) => readAppCounters(i.url)));
    const appBefore = target === 'app' ? await readApp() : undefined;
    const opsBefore = await ctx.storeOps.read();
    const steadyCpu = cpuMeter(pids, storePids);
    const steady = await postSteadily(poster, steadyTokens, steadyPerSecond, (n) =>
      progress.update(phase, `${n}/${steadyPosts} posts at ${steadyPerSecond}/s`),
    );
    const steadyReceipts = await collectReceipts(
      stack,
      steadyTokens.map((t) => ({ key: postKey(t) })),
      DELIVERY_WAIT_MS,
    );
    const steadyCpuUsed = perPost(steadyCpu(), steadyPosts);
    const dbOpsPerPost = perUnit(opsBefore, await ctx.storeOps.read(), steadyPosts);
    // The server's own view of the same posts: its ack time, and how often each instance emitted.
    const app = appBefore ? appDelta(appBefore, await readApp()) : undefined;
    await sleep(1000);

    progress.update(phase, `${flatOutPosts} posts flat out, ${concurrency} writers on ${sockets} sockets`);
    const flatTokens = Array.from({ length: flatOutPosts }, (_, i) => `${target}-flat-${i}`);
    const flatOpsBefore = await ctx.storeOps.read();
    const flatCpu = cpuMeter(pids, storePids);
    const flat = await postFlatOut(posters, flatTokens, concurrency);
    progress.update(phase, 'waiting for the last deliveries');
    const flatReceipts = await collectReceipts(
      stack,
      flatTokens.map((t) => ({ key: postKey(t) })),
      DELIVERY_WAIT_MS,
    );
    const flatCpuUsed = perPost(flatCpu(), flatOutPosts);
    const flatOps = perUnit(flatOpsBefore, await ctx.storeOps.read(), flatOutPosts);
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
        cpu: steadyCpuUsed,
      },
      flatOut: {
        posts: flatOutPosts,
        concurrency,
        sockets,
        postsPerSecond,
        deliveriesPerSecond: Math.round(postsPerSecond * readers),
        ack: summarize(flat.map((p) => p.ackMs)),
        latency: summarize(flatReceipts.latencies),
        missing: flatReceipts.missing,
        cpu: flatCpuUsed,
        dbOpsPerPost: flatOps,
      },
      disconnected: steadyReceipts.disconnected + flatReceipts.disconnected,
    };
  } finally {
    for (const p of posters) p.close();
    await disconnectReaders(stack);
    await sleep(1000);
  }
}
