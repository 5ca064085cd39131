/**
 * /readyz with a real store and a real redis-server (contract v2, "Operating it"): Redis down is degraded,
 * not unready (the instance keeps serving its own readers, so a load balancer must keep it); only MongoDB
 * down is 503, naming it.
 */
import { once } from 'node:events';
import type Redis from 'ioredis';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { startRedisServer, type RedisServer } from '../../scripts/lib/redis-server';
import { createRedis, redisReadinessCheck, redisReady } from '../../server/redis';
import { useApiHarness } from '../api/harness';
import { quietLogger, unreachableDb } from './support';
import { settle } from '../helpers/wait';

const h = useApiHarness();
let redisServer: RedisServer;
let redis: Redis;
let deadStore: Connection;
beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = createRedis(redisServer.url, quietLogger);
  await redisReady(redis);
  deadStore = await unreachableDb();
});
afterAll(async () => {
  await redis.quit();
  await redisServer.stop();
  await deadStore.close();
});

const readyz = async (db?: Connection) => {
  const app = h().secondApp({}, { readinessChecks: [redisReadinessCheck(redis)], ...(db ? { db } : {}) }).app;
  const res = await request(app).get('/readyz');
  return { status: res.status, body: res.body as unknown };
};

const unavailable = (services: string[]) => ({
  status: 503,
  body: {
    error: { code: 'unavailable', message: expect.stringContaining(services.join(' and ')), details: { services } },
  },
});

test('MongoDB and Redis answer: 200 { status: "ok" }', async () => {
  expect(await readyz()).toEqual({ status: 200, body: { status: 'ok' } });
});

test('MongoDB down: 503 naming MongoDB', async () => {
  expect(await readyz(deadStore)).toEqual(unavailable(['MongoDB']));
});

test('Redis restarting: 200 degraded while away (503 naming MongoDB alone if it is down too); ok after', async () => {
  const gone = once(redisServer.process(), 'exit');
  const restarted = redisServer.restart(2000);
  await gone;
  const during = await readyz();
  const bothDown = await readyz(deadStore);
  await restarted;
  expect(during).toEqual({ status: 200, body: { status: 'degraded', services: { redis: 'down' } } });
  expect(bothDown).toEqual(unavailable(['MongoDB']));

  // Generous: the client tries again within half a second; a loaded machine may take longer.
  const after = await settle(readyz, (answer) => JSON.stringify(answer.body) === '{"status":"ok"}', {
    timeoutMs: 10_000,
    intervalMs: 100,
  });
  expect(after).toEqual({ status: 200, body: { status: 'ok' } });
});
