import type Redis from 'ioredis';
import {
  BurstyRateLimiter,
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { errors } from '../../shared/errors';
import type { RateLimits } from '../app-context';

type Kind = Parameters<RateLimits['consume']>[0];

interface Policy {
  points: number;
  duration: number;
}

/**
 * The limits (docs/api.md, "Rate limits"). Comments: a burst of 5, then one every 2 s. Logins count failures
 * per (username, address), with a delay that doubles past 5 failures (at most 15 min) instead of a
 * lock-out, so a stranger elsewhere cannot lock an account; and all attempts per address.
 */
const POLICIES: Record<Exclude<Kind, 'comment'>, Policy> = {
  // Posts from one address (several accounts behind it): well above what a household or an office posts.
  commentAddress: { points: 60, duration: 60 },
  // Store look-ups for a clientId retry refused by a post limit (post-comment.ts retriedOverLimit).
  replayLookup: { points: 10, duration: 60 },
  report: { points: 10, duration: 60 },
  // Reactions (PUT and DELETE together): clicking on and off a few times is fine, a script is not.
  reaction: { points: 30, duration: 60 },
  typing: { points: 1, duration: 2 },
  register: { points: 20, duration: 600 },
  loginAddress: { points: 100, duration: 900 },
  loginUser: { points: 1000, duration: 3600 },
  // Threads created by opening an embedded page nobody opened before: a site's new pages, not a flood.
  embedCreate: { points: 30, duration: 600 },
};
const LOGIN_FREE_FAILURES = 5;
const LOGIN_MAX_DELAY_S = 15 * 60;

function limiter(name: string, policy: Policy, redis?: Redis): RateLimiterAbstract {
  const opts = { keyPrefix: `rl:${name}`, ...policy };
  // With Redis the limits hold across instances; when Redis is away, each instance limits on its own
  // (the insurance limiter) rather than failing requests.
  return redis
    ? new RateLimiterRedis({ ...opts, storeClient: redis, insuranceLimiter: new RateLimiterMemory(opts) })
    : new RateLimiterMemory(opts);
}

const retryAfter = (res: unknown): number =>
  res instanceof RateLimiterRes ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 1;

export function createRateLimits(redis?: Redis): RateLimits {
  const comment = new BurstyRateLimiter(
    limiter('comment', { points: 1, duration: 2 }, redis),
    limiter('comment-burst', { points: 4, duration: 10 }, redis),
  );
  const limiters = Object.fromEntries(Object.entries(POLICIES).map(([k, p]) => [k, limiter(k, p, redis)])) as Record<
    keyof typeof POLICIES,
    RateLimiterAbstract
  >;

  return {
    async consume(kind, key) {
      if (kind === 'comment') {
        await comment.consume(key).catch((res: unknown) => {
          throw errors.rateLimited(retryAfter(res), 'You are commenting too fast; wait a moment.');
        });
        return;
      }
      let res: RateLimiterRes;
      try {
        res = await limiters[kind].consume(key);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) throw errors.rateLimited(retryAfter(rejection));
        throw rejection;
      }
      if (kind === 'loginUser' && res.consumedPoints > LOGIN_FREE_FAILURES) {
        const delay = Math.min(2 ** (res.consumedPoints - LOGIN_FREE_FAILURES), LOGIN_MAX_DELAY_S);
        await limiters.loginUser.block(key, delay);
        throw errors.rateLimited(delay, 'Too many failed sign-ins; wait before trying again.');
      }
    },
    async reset(kind, key) {
      await limiters[kind].delete(key);
    },
  };
}
