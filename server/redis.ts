import Redis from 'ioredis';
import type { ReadinessCheck } from './lib/readiness-check';
import type { Logger } from './logger';

/**
 * The Redis client of an instance (rate limits; the live layer makes its own pub/sub connections from the
 * same URL). Commands fail at once while Redis is away instead of queueing, so requests never hang on it:
 * the rate limiter then falls back to per-instance limits. ioredis reconnects by itself.
 */
export function createRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // A stalled Redis (a frozen process keeps its connection open) fails a command after this, so the
    // limiter falls back to its per-instance limits instead of holding the request.
    commandTimeout: 500,
    retryStrategy: reconnectDelay,
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) logger.warn({ err: err.message }, 'Redis is not answering; limits are per instance until it is back');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('Redis is back');
    down = false;
  });
  return redis;
}

/** The longest wait between two attempts to reach Redis again. */
export const MAX_RECONNECT_DELAY_MS = 500;

/**
 * How long to wait before reconnection attempt `attempt` (1, 2, …): 100 ms more each time up to 500 ms, each
 * a random 50–100 % of that, so that the instances do not all knock at a restarted Redis at the same moment.
 * Short on purpose: while the adapter is away, events stop crossing instances; trying twice a second costs a
 * refused connection each. (ioredis's default, and ours before, grew to 2 s.)
 */
export function reconnectDelay(attempt: number): number {
  const ceiling = Math.min(100 * attempt, MAX_RECONNECT_DELAY_MS);
  return Math.round(ceiling * (0.5 + Math.random() / 2));
}

/** Resolves once the client is connected, or rejects after `ms`. */
export function redisReady(redis: Redis, ms = 5000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Optional: without Redis an instance still serves its own readers (/readyz answers "degraded"). */
export function redisReadinessCheck(redis: Redis): ReadinessCheck {
  return {
    name: 'Redis',
    optional: true,
    async check() {
      await redis.ping();
    },
  };
}
