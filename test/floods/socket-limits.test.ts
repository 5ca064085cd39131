/**
 * The socket bounds that follow RATE_LIMITS=on (issue 14), in process: token buckets per socket and per
 * address for `article:join` (TRUST_PROXY=1, so each test address comes from X-Forwarded-For as a proxy
 * would write it), the per-address post limit, and a flood of refused posts with fresh clientIds that must
 * not cost a store read each while a real retry is still answered. Also the demoted moderator's replay.
 */
import request from 'supertest';
import { bearer, PASSWORD } from '../api/harness';
import { ask, useRealtimeHarness, type ClientSocket } from '../realtime/harness';
import { EVENT_POLICIES } from '../../server/realtime/socket-gate';

const h = useRealtimeHarness({ RATE_LIMITS: 'on', TRUST_PROXY: '1' });

let articleId: string;
beforeAll(async () => {
  articleId = (await h().newArticle('Limits')).id;
});

const from = (address: string, token?: string) =>
  h().connect({ extraHeaders: { 'X-Forwarded-For': address }, ...(token ? { auth: { token } } : {}) });
const join = (socket: ClientSocket) =>
  ask(socket, 'article:join', { articleId }) as Promise<{
    ok: boolean;
    error?: { code: string; details?: { retryAfter?: number } };
  }>;

test('article:join: a socket past its burst is refused rate_limited with retryAfter; another socket is served', async () => {
  const socket = await from('203.0.113.1');
  const { burst } = EVENT_POLICIES['article:join'].socket;
  for (let i = 0; i < burst; i++) expect(await join(socket)).toMatchObject({ ok: true });
  const refused = await join(socket);
  expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  expect(refused.error?.details?.retryAfter).toBeGreaterThan(0);
  expect(await join(await from('203.0.113.1'))).toMatchObject({ ok: true });
});

test('article:join: an address past its burst is refused on a new socket; another address is served', async () => {
  const policy = EVENT_POLICIES['article:join'];
  // Sockets that each stay within their own bucket spend the address's: the address refuses after its
  // burst (plus what it refills meanwhile, at most twice the burst here).
  let served = 0;
  let refused = false;
  while (!refused && served < 2 * policy.address.burst) {
    const socket = await from('198.51.100.7');
    for (let i = 0; i < policy.socket.burst && !refused; i++) {
      const answer = await join(socket);
      if (answer.ok) served += 1;
      else refused = answer.error?.code === 'rate_limited';
    }
  }
  expect(refused).toBe(true);
  expect(served).toBeGreaterThanOrEqual(policy.address.burst);
  expect(await join(await from('198.51.100.8'))).toMatchObject({ ok: true });
});

/** Queries the store has run so far (serverStatus opcounters). */
async function storeQueries(): Promise<number> {
  const status = await h().store.db.db!.admin().command({ serverStatus: 1 });
  return Number(status.opcounters.query);
}

test('refused posts with fresh clientIds cost no store read each; a real retry over the limit is still answered', async () => {
  const reg = await request(h().http)
    .post('/api/auth/register')
    .send({ username: 'limits_poster', password: PASSWORD });
  const socket = await from('192.0.2.10', reg.body.token as string);
  const first = await ask(socket, 'comment:post', { articleId, body: 'The first.', clientId: 'first-post' });
  expect(first).toMatchObject({ ok: true });
  // Spend the comment limit (a burst of 5).
  for (let i = 0; i < 6; i++) await ask(socket, 'comment:post', { articleId, body: `Filler ${i}.` });
  // The retry of the first post is answered with its comment although the limit is spent.
  expect(await ask(socket, 'comment:post', { articleId, body: 'The first.', clientId: 'first-post' })).toMatchObject({
    ok: true,
    comment: { id: (first as { comment: { id: string } }).comment.id },
  });

  const before = await storeQueries();
  // In batches that stay within the socket's requests at once, so each post reaches the limit check.
  const answers: unknown[] = [];
  for (let batch = 0; batch < 5; batch++) {
    const posts = Array.from({ length: 20 }, (_, i) =>
      ask(socket, 'comment:post', { articleId, body: 'Flood.', clientId: `flood-${batch}-${i}` }),
    );
    answers.push(...(await Promise.all(posts)));
  }
  const reads = (await storeQueries()) - before;
  expect(answers).toHaveLength(100);
  expect(answers.every((a) => (a as { error?: { code: string } }).error?.code === 'rate_limited')).toBe(true);
  // A few look-ups (their own small bucket) and session checks, not 100 reads. (The serverStatus call
  // itself is not a query.)
  expect(reads).toBeLessThanOrEqual(15);
});

test('posts per address: past 60 a minute from one address, posts of other users there are refused too', async () => {
  const tokens: string[] = [];
  for (let i = 0; i < 13; i++) {
    const res = await request(h().http)
      .post('/api/auth/register')
      .set('X-Forwarded-For', '192.0.2.99')
      .send({ username: `addr_${i}`, password: PASSWORD });
    tokens.push(res.body.token as string);
  }
  // 12 users × 5 (each user's burst) = 60 from one address.
  for (const token of tokens.slice(0, 12)) {
    for (let i = 0; i < 5; i++) {
      const res = await request(h().http)
        .post(`/api/articles/${articleId}/comments`)
        .set(bearer(token))
        .set('X-Forwarded-For', '192.0.2.99')
        .send({ body: `From the office ${i}.` });
      expect(res.status).toBe(201);
    }
  }
  const refused = await request(h().http)
    .post(`/api/articles/${articleId}/comments`)
    .set(bearer(tokens[12]!))
    .set('X-Forwarded-For', '192.0.2.99')
    .send({ body: 'One more.' });
  expect(refused.status).toBe(429);
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  const elsewhere = await request(h().http)
    .post(`/api/articles/${articleId}/comments`)
    .set(bearer(tokens[12]!))
    .set('X-Forwarded-For', '192.0.2.100')
    .send({ body: 'From home.' });
  expect(elsewhere.status).toBe(201);
}, 60_000);
