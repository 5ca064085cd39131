/**
 * The readers of one round, spread over the instances of a target (half on each), each instance's
 * share driven by its own load process; their results merged into one.
 */
import type { Collected, Target } from './protocol';
import type { Progress } from './progress';
import { instancesOf, type Stack } from './stack';

export interface Merged extends Collected {
  disconnected: number;
}

export interface ReaderOptions {
  /** App readers join with `batch: true` (the baseline has no batching and ignores it). */
  batch?: boolean;
  /** Readers connect as the web client does: long-polling, then the upgrade (see Plan.browserReaders). */
  browser?: boolean;
}

/** Connects the round's readers, showing how many are in as `phase` on the progress line. */
export async function connectReaders(
  stack: Stack,
  target: Target,
  articleId: string,
  total: number,
  shown: { progress: Progress; phase: string },
  { batch = false, browser = false }: ReaderOptions = {},
): Promise<void> {
  const onProgress = (n: number) => shown.progress.update(shown.phase, `${n}/${total} readers connected`);
  const instances = instancesOf(stack, target);
  const counts = stack.load.map(
    (_, i) => Math.floor(total / instances.length) + (i < total % instances.length ? 1 : 0),
  );
  const progress = counts.map(() => 0);
  const connected = await Promise.all(
    stack.load.map((load, i) =>
      load.connect(
        target,
        instances[i]!.url,
        articleId,
        counts[i]!,
        (n) => {
          progress[i] = n;
          onProgress(progress.reduce((a, b) => a + b, 0));
        },
        batch && target === 'app',
        browser,
      ),
    ),
  );
  const sum = connected.reduce((a, b) => a + b, 0);
  if (sum !== total) throw new Error(`connected ${sum} of ${total} readers`);
}

export async function collectReceipts(
  stack: Stack,
  keys: { key: string; sentAt?: number }[],
  waitMs: number,
): Promise<Merged> {
  const parts = await Promise.all(stack.load.map((load) => load.collect(keys, waitMs)));
  const lastByKey: Record<string, number> = {};
  const firstByKey: Record<string, number> = {};
  for (const part of parts) {
    for (const [key, ms] of Object.entries(part.lastByKey)) lastByKey[key] = Math.max(lastByKey[key] ?? -Infinity, ms);
    for (const [key, ms] of Object.entries(part.firstByKey))
      firstByKey[key] = Math.min(firstByKey[key] ?? Infinity, ms);
  }
  const latencies = new Float64Array(parts.reduce((n, p) => n + p.latencies.length, 0));
  let offset = 0;
  for (const part of parts) {
    latencies.set(part.latencies, offset);
    offset += part.latencies.length;
  }
  return {
    latencies,
    lastByKey,
    firstByKey,
    missing: parts.reduce((n, p) => n + p.missing, 0),
    presenceFrames: parts.reduce((n, p) => n + p.presenceFrames, 0),
    disconnected: parts.reduce((n, p) => n + p.disconnected, 0),
  };
}

export async function disconnectReaders(stack: Stack): Promise<void> {
  await Promise.all(stack.load.map((load) => load.disconnect()));
}
