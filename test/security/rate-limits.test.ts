/**
 * Abuse by volume (issue 8, rate limits), beyond test/api/rate-limits.test.ts (login delays per username
 * and address, registrations per address, one instance) and test/api/redis-limits.test.ts (registrations
 * across instances): comment floods over REST and the socket, typing floods, and with Redis the login and
 * comment limits held across two instances. The Redis here is a private redis-server on a free port.
 */
import type Redis from 'ioredis';
import request from 'supertest';
import { startRedisServer, type RedisServer } from '../../scripts/lib/redis-server';
import { createRedis, redisReady } from '../../server/redis';
import { bearer, PASSWORD } from '../api/harness';
import { quietLogger } from '../app/support';
import { ask, nextEvent, useRealtimeHarness } from '../realtime/harness';
import { sleep } from '../helpers/wait';

const h = useRealtimeHarness({ RATE_LIMITS: 'on', TRUST_PROXY: '1' });

let articleId: string;
let counter = 0;
/** A fresh member on a fresh address, so no test spends another's budget. */
async function freshMember(): Promise<{ token: string; username: string }> {
  counter += 1;
  const username = `rl_member_${counter}`;
  const res = await request(h().http)
    .post('/api/auth/register')
    .set('X-Forwarded-For', `198.51.100.${counter}`)
    .send({ username, password: PASSWORD });
  if (res.status !== 201) throw new Error(`register: ${res.status}`);
  return { token: res.body.token as string, username };
}

function expect429(res: {
  status: number;
  headers: Record<string, unknown>;
  body: { error?: { code?: string; details?: { retryAfter?: number } } };
}) {
  expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 429, code: 'rate_limited' });
  const header = Number(res.headers['retry-after']);
  expect(header).toBeGreaterThanOrEqual(1);
  expect(res.body.error?.details?.retryAfter).toBe(header);
}

beforeAll(async () => {
  articleId = (await h().newArticle('Floods')).id;
});

describe('comment floods', () => {
  it('answer 429 after a burst of 5 per user, with Retry-After; another user posts on; nothing past the limit is written', async () => {
    const flooder = await freshMember();
    const statuses: number[] = [];
    let limited: request.Response | undefined;
    for (let i = 0; i < 12; i++) {
      const res = await request(h().http)
        .post(`/api/articles/${articleId}/comments`)
        .set(bearer(flooder.token))
        .send({ body: `flood ${i}` });
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    expect429(limited!);
    const thread = await request(h().http).get(`/api/articles/${articleId}/comments?limit=100`);
    expect((thread.body.items as { body: string }[]).filter((c) => c.body.startsWith('flood ')).length).toBe(5);

    const other = await freshMember();
    expect(
      (
        await request(h().http)
          .post(`/api/articles/${articleId}/comments`)
          .set(bearer(other.token))
          .send({ body: 'calm' })
      ).status,
    ).toBe(201);
  });

  it('share one budget between REST and the socket: the socket is told rate_limited with details.retryAfter', async () => {
    const flooder = await freshMember();
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await request(h().http)
            .post(`/api/articles/${articleId}/comments`)
            .set(bearer(flooder.token))
            .send({ body: `rest ${i}` })
        ).status,
      ).toBe(201);
    }
    const socket = await h().connect({ auth: { token: flooder.token } });
    const answer = await ask(socket, 'comment:post', { articleId, body: 'one more over the socket' });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', details: { retryAfter: expect.any(Number) } },
    });
    socket.disconnect();
  });

  it('reports: 10 a minute per user', async () => {
    const reporter = await freshMember();
    // Three authors, four comments each: within their own comment budgets.
    const authors = [await freshMember(), await freshMember(), await freshMember()];
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const id = await h().comment(authors[i % 3]!.token, articleId, `to report ${i}`);
      statuses.push(
        (
          await request(h().http)
            .post(`/api/comments/${id}/report`)
            .set(bearer(reporter.token))
            .send({ reason: 'spam' })
        ).status,
      );
    }
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('login from one address', () => {
  it('is refused past 100 attempts in 15 minutes, whatever usernames it tries', async () => {
    const address = '203.0.113.200';
    const statuses: number[] = [];
    for (let i = 0; i < 102; i++) {
      const res = await request(h().http)
        .post('/api/auth/login')
        .set('X-Forwarded-For', address)
        .send({ username: `sprayed_${i}`, password: 'guess-guess' });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 100).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(100)).toEqual([429, 429]);
    // The owner of an account signs in from elsewhere.
    const owner = await freshMember();
    expect(
      (
        await request(h().http)
          .post('/api/auth/login')
          .set('X-Forwarded-For', '198.51.100.250')
          .send({ username: owner.username, password: PASSWORD })
      ).status,
    ).toBe(200);
  }, 60_000);
});

describe('typing floods', () => {
  it('a socket sending 500 typing events does not flood the readers: at most one presence a second, and it stays usable', async () => {
    const typist = await freshMember();
    const typer = await h().connect({ auth: { token: typist.token } });
    const reader = await h().connect();
    expect(await ask(typer, 'article:join', { articleId })).toMatchObject({ ok: true });
    expect(await ask(reader, 'article:join', { articleId })).toMatchObject({ ok: true });
    const seen = nextEvent(reader, 'presence', (p) => p.typing.some((u) => u.username === typist.username));
    let presences = 0;
    reader.on('presence', () => (presences += 1));
    const started = Date.now();
    for (let i = 0; i < 500; i++) typer.emit('typing', { articleId });
    await seen;
    await sleep(2_000);
    const seconds = (Date.now() - started) / 1000;
    // Once a second at most, plus the one already due when the flood began.
    expect(presences).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    expect(typer.connected).toBe(true);
    expect(await ask(typer, 'article:leave', { articleId })).toEqual({ ok: true });
    typer.disconnect();
    reader.disconnect();
  });
});

describe('with Redis, limits hold across instances', () => {
  let redisServer: RedisServer;
  let clients: Redis[] = [];
  let apps: ReturnType<typeof h>['http'][] = [];

  beforeAll(async () => {
    redisServer = await startRedisServer();
    clients = [createRedis(redisServer.url, quietLogger), createRedis(redisServer.url, quietLogger)];
    await Promise.all(clients.map((c) => redisReady(c)));
    apps = clients.map((redis) => h().secondApp({ RATE_LIMITS: 'on', TRUST_PROXY: '1' }, { redis }).app);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
    await redisServer?.stop();
  });

  it('comments: one burst of 5 per user over both instances, not 5 on each', async () => {
    const poster = await freshMember();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push(
        (
          await request(apps[i % 2]!)
            .post(`/api/articles/${articleId}/comments`)
            .set(bearer(poster.token))
            .send({ body: `both ${i}` })
        ).status,
      );
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429, 429, 429]);
  });

  it('failed sign-ins for one username and address: 5 free over both instances, then a delay', async () => {
    const target = await freshMember();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push(
        (
          await request(apps[i % 2]!)
            .post('/api/auth/login')
            .set('X-Forwarded-For', '203.0.113.77')
            .send({ username: target.username, password: `wrong ${i}` })
        ).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    // Even the right password waits on either instance; the owner elsewhere is not locked out.
    expect(
      (
        await request(apps[0]!)
          .post('/api/auth/login')
          .set('X-Forwarded-For', '203.0.113.77')
          .send({ username: target.username, password: PASSWORD })
      ).status,
    ).toBe(429);
    expect(
      (
        await request(apps[1]!)
          .post('/api/auth/login')
          .set('X-Forwarded-For', '198.51.100.199')
          .send({ username: target.username, password: PASSWORD })
      ).status,
    ).toBe(200);
  });
});
