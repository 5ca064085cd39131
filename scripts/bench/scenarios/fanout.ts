/**
 * Scenarios 1, 2 and 4 in one round per target and N: the memory of N idle readers (RSS delta / N),
 * the fan-out of posts at a steady rate to all of them (p50…max over every (post, reader) pair, and the
 * deliveries that never came), and on the app, removals by the admin timed to the last reader.
 */
import { removeComment } from '../api-client';
import { type BenchContext, sleep } from '../context';
import { openPoster, postSteadily, warmUp } from '../poster';
import { nowMs, postKey, removalKey, type Target } from '../protocol';
import { collectReceipts, connectReaders, disconnectReaders } from '../readers';
import { memoryAfterGc } from '../rss';
import { instancesOf } from '../stack';
import { summarize, type Summary } from '../stats';

/** Idle time after the last join before RSS is read (after a full GC): lets buffers and timers settle. */
const SETTLE_MS = 3000;
/** How long the readers may take, after the last post, to have everything. */
const DELIVERY_WAIT_MS = 30_000;
/** Removals one after another, this far apart, so each is timed on its own. */
const REMOVAL_GAP_MS = 500;

export interface FanoutRound {
  target: Target;
  readers: number;
  /** bytesPerReader from RSS; heapBytesPerReader from the V8 heap and external memory (both after GC). */
  memory: {
    bytesPerReader: number;
    heapBytesPerReader: number;
    rssBeforeBytes: number[];
    rssAfterBytes: number[];
    freshProcesses: boolean;
  };
  latency: Summary;
  /** Per post, its first reader: the time before the fan-out began (the write path, for the app). */
  firstReader: Summary;
  /** Per post, its last reader: from the post to the last delivery. */
  lastReader: Summary;
  ack: Summary;
  missing: number;
  disconnected: number;
  /** Presence frames each reader got while the posts went out (events are `latency.count / readers`). */
  presenceFramesPerReader: number;
  /** App only: each removal's time to its last reader, and over every (removal, reader) pair. */
  removal?: { toLastReader: Summary; allReaders: Summary; missing: number };
}

export async function fanoutRound(
  ctx: BenchContext,
  target: Target,
  readers: number,
  freshProcesses: boolean,
): Promise<FanoutRound> {
  const { stack, plan, progress } = ctx;
  const phase = `fan-out ${target}, ${readers} readers`;
  const instances = instancesOf(stack, target);
  const articleId = await ctx.newArticle(target, `Fan-out to ${readers}`);

  const pids = instances.map((i) => i.pid);
  const before = await memoryAfterGc(pids, stack.memoryDir);
  await connectReaders(stack, target, articleId, readers, { progress, phase }, { browser: plan.browserReaders });
  progress.update(phase, 'idle readers, reading RSS');
  await sleep(SETTLE_MS);
  const after = await memoryAfterGc(pids, stack.memoryDir);
  const grown = (of: 'rss' | 'heap') => after[of].reduce((sum, bytes, i) => sum + bytes - before[of][i]!, 0);

  const poster = await openPoster(target, instances[0]!.url, articleId, target === 'app' ? ctx.posterToken : undefined);
  try {
    const { posts, postsPerSecond, removals } = plan.fanout;
    const tokens = Array.from({ length: posts }, (_, i) => `${target}-${readers}-${i}`);
    await warmUp(poster, `${target}-${readers}`, 5);
    // Starts the count of presence frames afresh: those of the joins and the warm-up are not the posts' doing.
    await collectReceipts(stack, [], 0);
    const posted = await postSteadily(poster, tokens, postsPerSecond, (n) =>
      progress.update(phase, `${n}/${posts} posts at ${postsPerSecond}/s`),
    );
    progress.update(phase, 'waiting for the last deliveries');
    const fan = await collectReceipts(
      stack,
      tokens.map((t) => ({ key: postKey(t) })),
      DELIVERY_WAIT_MS,
    );

    let removal: FanoutRound['removal'];
    if (target === 'app' && removals > 0) {
      const keys: { key: string; sentAt: number }[] = [];
      for (const { commentId } of posted.slice(0, removals)) {
        progress.update(phase, `removal ${keys.length + 1}/${removals}`);
        const sentAt = nowMs();
        await removeComment(instances[0]!.url, ctx.adminToken, commentId);
        keys.push({ key: removalKey(commentId), sentAt });
        await sleep(REMOVAL_GAP_MS);
      }
      const removed = await collectReceipts(stack, keys, DELIVERY_WAIT_MS);
      removal = {
        toLastReader: summarize(Object.values(removed.lastByKey)),
        allReaders: summarize(removed.latencies),
        missing: removed.missing,
      };
    }
    return {
      target,
      readers,
      memory: {
        bytesPerReader: Math.round(grown('rss') / readers),
        heapBytesPerReader: Math.round(grown('heap') / readers),
        rssBeforeBytes: before.rss,
        rssAfterBytes: after.rss,
        freshProcesses,
      },
      latency: summarize(fan.latencies),
      firstReader: summarize(Object.values(fan.firstByKey)),
      lastReader: summarize(Object.values(fan.lastByKey)),
      ack: summarize(posted.map((p) => p.ackMs)),
      missing: fan.missing,
      disconnected: fan.disconnected,
      presenceFramesPerReader: Math.round((fan.presenceFrames / readers) * 10) / 10,
      removal,
    };
  } finally {
    poster.close();
    await disconnectReaders(stack);
    // Let the servers see the disconnects (and presence settle) before the next round.
    await sleep(1000);
  }
}
