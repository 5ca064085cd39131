/**
 * With REDIS_URL, rate limits hold across instances: two apps (two instances of the server) on one store
 * and one real Redis share one registration budget per address. Uses the Redis every machine here runs
 * at 127.0.0.1:6379 (REDIS_TEST_URL to choose another); a missing Redis fails this test.
 */
import type Redis from 'ioredis';
import request from 'supertest';
import { createRedis, redisReadinessCheck, redisReady } from '../../server/redis';
import { quietLogger } from '../app/support';
import { useApiHarness } from './harness';

const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const h = useApiHarness();
let redisA: Redis;
let redisB: Redis;

beforeAll(async () => {
  redisA = createRedis(REDIS_URL, quietLogger);
  redisB = createRedis(REDIS_URL, quietLogger);
  await Promise.all([redisReady(redisA), redisReady(redisB)]);
  // A fresh key space for this run: the limiter keys are per address.
  await redisA.del(...(await redisA.keys('rl:register*')), 'rl:none');
});

afterAll(async () => {
  await Promise.all([redisA?.quit(), redisB?.quit()]);
});

it('counts registrations from one address on both instances together', async () => {
  const env = { RATE_LIMITS: 'on', TRUST_PROXY: '1' };
  const a = h().secondApp(env, { redis: redisA }).app;
  const b = h().secondApp(env, { redis: redisB }).app;
  const address = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
  const statuses: number[] = [];
  for (let i = 0; i < 24; i++) {
    const app = i % 2 === 0 ? a : b;
    const res = await request(app)
      .post('/api/auth/register')
      .set('X-Forwarded-For', address)
      .send({ username: `rl_${Date.now().toString(36)}_${i}`, password: 'correct horse battery' });
    statuses.push(res.status);
  }
  // 20 per address per 10 minutes in all: each instance alone would have allowed 12 + 12.
  expect(statuses.filter((s) => s === 201)).toHaveLength(20);
  expect(statuses.slice(20)).toEqual([429, 429, 429, 429]);
});

it('names Redis in /readyz while it does not answer, as degraded (200: the instance still serves)', async () => {
  const live = h().secondApp({}, { readinessChecks: [redisReadinessCheck(redisA)] }).app;
  await request(live).get('/readyz').expect(200);
  // A client of a port where nothing listens: Redis "down" for this instance.
  const dead = createRedis('redis://127.0.0.1:1', quietLogger);
  try {
    const app = h().secondApp({}, { readinessChecks: [redisReadinessCheck(dead)] }).app;
    const res = await request(app).get('/readyz').expect(200);
    expect(res.body).toEqual({ status: 'degraded', services: { redis: 'down' } });
  } finally {
    dead.disconnect();
  }
});
