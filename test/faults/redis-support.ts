/** What the Redis fault tests share: restarting Redis around some work, and reading /readyz. */
import { once } from 'node:events';
import type { RedisServer } from '../../scripts/lib/redis-server';
import { settle } from '../helpers/wait';

export const READY = { status: 200, body: { status: 'ok' } };
export const DEGRADED = { status: 200, body: { status: 'degraded', services: { redis: 'down' } } };

export async function readyz(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as unknown };
}

/** Polls /readyz until it answers `expected` (or `timeoutMs` passed); answers the last answer. */
export async function readyzBecomes(url: string, expected: unknown, timeoutMs: number): Promise<unknown> {
  return settle(
    () => readyz(url),
    (answer) => JSON.stringify(answer) === JSON.stringify(expected),
    { timeoutMs, intervalMs: 100 },
  );
}

/** Restarts Redis, running `duringOutage` while it is away; answers when it went away and when it was back. */
export async function restartRedis(
  redis: RedisServer,
  downMs: number,
  duringOutage: () => Promise<void>,
): Promise<{ downAt: number; upAt: number }> {
  const gone = once(redis.process(), 'exit');
  const restarted = redis.restart(downMs);
  await gone;
  const downAt = Date.now();
  await duringOutage();
  await restarted;
  return { downAt, upAt: Date.now() };
}
