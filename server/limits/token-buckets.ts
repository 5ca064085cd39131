/**
 * Token buckets in this process's memory, one per key: `burst` tokens, refilled at `perSecond`. Cheap and
 * synchronous, for the limits that must cost nothing when they refuse (a flood of socket events); the
 * limits shared across instances use rate-limiter-flexible (rate-limits.ts).
 */
export interface BucketPolicy {
  burst: number;
  perSecond: number;
}

export interface TokenBuckets {
  /** Takes a token for `key`: 0 when there was one, else the seconds until there is. */
  take(key: string): number;
}

/**
 * Full buckets carry no information; they are dropped at most this long after they could be (a bucket
 * refills in burst / perSecond), so idle keys (an idle socket's, one per connection) do not pile up.
 */
const SWEEP_EVERY_MS = 60_000;

export function createTokenBuckets(policy: BucketPolicy, now: () => number = () => performance.now()): TokenBuckets {
  const buckets = new Map<string, Bucket>();
  let sweptAt = now();
  const sweepEveryMs = Math.min(SWEEP_EVERY_MS, (policy.burst / policy.perSecond) * 1000);

  type Bucket = { tokens: number; at: number };
  const level = (b: Bucket, t: number) => Math.min(policy.burst, b.tokens + ((t - b.at) / 1000) * policy.perSecond);

  const sweep = (t: number) => {
    sweptAt = t;
    for (const [key, b] of buckets) if (level(b, t) >= policy.burst) buckets.delete(key);
  };

  return {
    take(key) {
      const t = now();
      if (t - sweptAt > sweepEveryMs) sweep(t);
      const b = buckets.get(key) ?? { tokens: policy.burst, at: t };
      const tokens = level(b, t);
      if (tokens < 1) return Math.max(1, Math.ceil((1 - tokens) / policy.perSecond));
      buckets.set(key, { tokens: tokens - 1, at: t });
      return 0;
    },
  };
}
