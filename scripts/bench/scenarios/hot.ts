/**
 * Hot threads (issue 19): N readers of one article, posts at a steady rate (40 a second) from several
 * posters spread over the instances, for some seconds. The app's readers join with `batch: true` and get
 * `article:events`; the baseline emits once per post. Per target: delivery latency of every (post, reader)
 * pair and per post to its last reader, deliveries that never came, posts acknowledged and the rate
 * achieved, and the servers' CPU per delivered event (the app's counts its store's process too).
 */
import { type BenchContext, sleep } from '../context';
import { cpuMeter } from '../cpu';
import { openPoster, postAtRate, type Poster, warmUp } from '../poster';
import { postKey, type Target } from '../protocol';
import { collectReceipts, connectReaders, disconnectReaders } from '../readers';
import { instancesOf } from '../stack';
import { summarize, type Summary } from '../stats';

/** How long the readers may take, after the last post, to have everything (bare 2,000 readers: p99 ~8 s). */
const DELIVERY_WAIT_MS = 60_000;

export interface HotRound {
  target: Target;
  readers: number;
  /** Whether the readers joined with `batch: true` (the app's do). */
  batched: boolean;
  postsPerSecond: number;
  seconds: number;
  posters: number;
  /** Posts sent, acknowledged, and refused or timed out (by reason). */
  posts: { sent: number; acknowledged: number; failed: Record<string, number> };
  /** Acknowledged posts ÷ the time from the first send to the last acknowledgement. */
  postsPerSecondAchieved: number;
  ack: Summary;
  /** Every (acknowledged post, reader) pair: from the post's send to the reader's receipt (of the batch that carried it). */
  latency: Summary;
  /** Per post, its last reader. */
  lastReader: Summary;
  missing: number;
  disconnected: number;
  /** CPU ms during the posts and their delivery: the servers' instances, and (app) the store's process. */
  cpu: { instancesMs: number; storeMs: number; perDeliveredEventUs: number };
}

export async function hotRound(ctx: BenchContext, target: Target, readers: number): Promise<HotRound> {
  const { stack, progress } = ctx;
  const { postsPerSecond, seconds, posters: posterCount } = ctx.plan.hot;
  const phase = `hot ${target}, ${readers} readers`;
  const instances = instancesOf(stack, target);
  const articleId = await ctx.newArticle(target, `Hot thread, ${readers} readers`);
  const batched = target === 'app';
  await connectReaders(stack, target, articleId, readers, { progress, phase }, { batch: batched });
  const posters: Poster[] = [];
  try {
    for (let i = 0; i < posterCount; i++) {
      const url = instances[i % instances.length]!.url;
      posters.push(await openPoster(target, url, articleId, target === 'app' ? ctx.posterToken : undefined));
    }
    // Ten each: the first round meets fresh processes, whose post path is not compiled yet (a run with three
    // had the app's acknowledgement at p50 345 ms in its first round and 18 ms in its last).
    for (const [i, poster] of posters.entries()) await warmUp(poster, `${target}-hot-${readers}-${i}`, 10);
    await collectReceipts(stack, [], 0);

    const count = postsPerSecond * seconds;
    const tokens = Array.from({ length: count }, (_, i) => `${target}-hot-${readers}-${i}`);
    const pids = instances.map((i) => i.pid);
    const storePids = target === 'app' ? [stack.storePid] : [];
    const cpu = cpuMeter(pids, storePids);
    const firstSent = performance.timeOrigin + performance.now();
    const { posted, failed } = await postAtRate(posters, tokens, postsPerSecond, (n) =>
      progress.update(phase, `${n}/${count} posts at ${postsPerSecond}/s from ${posterCount} posters`),
    );
    progress.update(phase, 'waiting for the last deliveries');
    // The promise covers answered posts: one refused or timed out counts in `posts.failed`, not here.
    const fan = await collectReceipts(
      stack,
      posted.map((p) => ({ key: postKey(p.token) })),
      DELIVERY_WAIT_MS,
    );
    const { instancesMs, storeMs } = cpu();
    const lastAck = Math.max(...posted.map((p) => p.sentAt + p.ackMs));
    const deliveries = fan.latencies.length;
    return {
      target,
      readers,
      batched,
      postsPerSecond,
      seconds,
      posters: posterCount,
      posts: { sent: count, acknowledged: posted.length, failed },
      postsPerSecondAchieved: Math.round((posted.length / (lastAck - firstSent)) * 1000 * 10) / 10,
      ack: summarize(posted.map((p) => p.ackMs)),
      latency: summarize(fan.latencies),
      lastReader: summarize(Object.values(fan.lastByKey)),
      missing: fan.missing,
      disconnected: fan.disconnected,
      cpu: {
        instancesMs: Math.round(instancesMs),
        storeMs: Math.round(storeMs),
        perDeliveredEventUs: deliveries ? Math.round(((instancesMs + storeMs) * 1000 * 10) / deliveries) / 10 : NaN,
      },
    };
  } finally {
    for (const poster of posters) poster.close();
    await disconnectReaders(stack);
    await sleep(1000);
  }
}
