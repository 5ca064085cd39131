/**
 * The deployment of docs/deploy.md, for real: deploy/nginx.conf under nginx in front of two instances
 * sharing one store and one Redis, TRUST_PROXY=1 and PUBLIC_URL set. Every request and socket goes
 * through the proxy, from loopback addresses of their own (client.ts), the way different users would.
 */
import { readFileSync } from 'node:fs';
import { buildClient } from '../../scripts/lib/chromium';
import { freePort } from '../../scripts/lib/free-port';
import { PASSWORD } from '../api/harness';
import { useCluster } from '../helpers/cluster';
import { newArticleAt, postAt } from '../realtime/cluster-clients';
import { ask, type ClientSocket } from '../realtime/harness';
import { scrapeMetrics } from '../realtime/scrape';
import { expectExactly, moveReader, openReader, storedCommentIds, type Reader } from '../realtime/thread-reader';
import { call, useProxyClients } from './client';
import { NGINX_CONF, startNginx, type Nginx } from './nginx';
import { settle, until } from '../helpers/wait';
import { registerAt } from '../helpers/accounts';

jest.setTimeout(120_000);

const ports = { http: 0, https: 0 };
// Filled in before the cluster starts (useCluster reads `env` in its beforeAll, which runs after this one).
// SOCKETS_PER_ADDRESS above nginx's limit_conn, as docs/deploy.md says: the proxy's cap is the one that binds.
const env: Record<string, string> = { TRUST_PROXY: '1', RATE_LIMITS: 'on', SOCKETS_PER_ADDRESS: '512' };
beforeAll(async () => {
  ports.http = await freePort();
  ports.https = await freePort();
  env.PUBLIC_URL = `http://127.0.0.1:${ports.http}`;
});
const cluster = useCluster({ env });
let nginx: Nginx | undefined;
beforeAll(async () => {
  buildClient();
  nginx = await startNginx(
    ports,
    cluster().instances.map((i) => i.url),
  );
}, 120_000);
afterAll(async () => {
  await nginx?.stop();
});
const connect = useProxyClients();

const proxy = () => nginx!.url;
const instanceUrls = () => cluster().instances.map((i) => i.url) as [string, string];

test('serves the pages, and the scripts compressed (gzip, Vary: Accept-Encoding)', async () => {
  const page = await call(`${proxy()}/articles/welcome`, { from: '127.0.0.2' });
  expect(page.status).toBe(200);
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
  expect(script).toBeDefined();

  const gzipped = await call(`${proxy()}${script}`, { from: '127.0.0.2', headers: { 'Accept-Encoding': 'gzip' } });
  expect(gzipped.status).toBe(200);
  expect(gzipped.headers['content-type']).toMatch(/javascript/);
  expect(gzipped.headers['content-encoding']).toBe('gzip');
  expect(gzipped.headers.vary).toMatch(/Accept-Encoding/i);
  const plain = await call(`${proxy()}${script}`, { from: '127.0.0.2' });
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(gzipped.text).toBe(plain.text);
  expect(gzipped.raw.length).toBeLessThan(plain.raw.length / 2);
});

test('signs in by cookie and posts from the public origin; Secure cookie over https', async () => {
  await registerAt(instanceUrls()[0], 'px_cookie');
  const articleId = await newArticleAt(instanceUrls()[0], cluster().adminToken);
  const credentials = { username: 'px_cookie', password: PASSWORD };
  const login = await call(`${proxy()}/api/auth/login`, { method: 'POST', from: '127.0.0.2', body: credentials });
  expect(login.status).toBe(200);
  const setCookie = (login.headers['set-cookie'] ?? []).find((c) => c.startsWith('sid='))!;
  expect(setCookie).not.toMatch(/;\s*Secure/i);
  const cookie = setCookie.split(';')[0]!;

  const post = (origin: string, body: string) =>
    call(`${proxy()}/api/articles/${articleId}/comments`, {
      method: 'POST',
      from: '127.0.0.2',
      headers: { Cookie: cookie, Origin: origin },
      body: { body },
    });
  expect((await post(proxy(), 'from the page')).status).toBe(201);
  const forged = await post('https://evil.example', 'forged');
  expect(forged.status).toBe(403);

  // nginx terminates TLS: X-Forwarded-Proto https reaches the instance, which then marks the cookie Secure.
  const loginOverTls = { method: 'POST', from: '127.0.0.2', body: credentials };
  const overTls = await call(`${nginx!.httpsUrl}/api/auth/login`, loginOverTls);
  expect(overTls.status).toBe(200);
  expect((overTls.headers['set-cookie'] ?? []).find((c) => c.startsWith('sid='))).toMatch(/;\s*Secure/i);
});

test('polling-only and upgrading clients get the posts made on either instance', async () => {
  const [A, B] = instanceUrls();
  const author = await registerAt(A, 'px_live');
  const articleId = await newArticleAt(A, cluster().adminToken);
  const clients: { socket: ClientSocket; got: string[]; pollingOnly: boolean }[] = [];
  for (let i = 1; i <= 6; i++) {
    const pollingOnly = i % 2 === 1;
    const socket = await connect(proxy(), `127.0.1.${i}`, pollingOnly ? { transports: ['polling'] } : {});
    const client = { socket, got: [] as string[], pollingOnly };
    socket.on('article:event', (e) => {
      if (e.type === 'comment.created' && e.comment) client.got.push(e.comment.id);
    });
    expect(await ask(socket, 'article:join', { articleId })).toMatchObject({ ok: true });
    clients.push(client);
  }
  // The page's own client starts with long-polling and upgrades: that needs the same instance throughout.
  const upgraded = () =>
    clients.every((c) => c.socket.io.engine.transport.name === (c.pollingOnly ? 'polling' : 'websocket'));
  await until('the default clients to upgrade to WebSocket through the proxy', upgraded);

  const posted = [
    await postAt(A, author.token, articleId, 'made on A'),
    await postAt(B, author.token, articleId, 'made on B'),
  ];
  const ids = posted.map((p) => p.id!);
  expect(ids).toHaveLength(2);
  await until('every client to get both posts', () => clients.every((c) => c.got.length >= 2), { timeoutMs: 20_000 });
  for (const client of clients) expect(client.got).toEqual(ids);
  expect(clients.every((c) => c.socket.connected)).toBe(true);
});

test('rate limits count per real client address; a forged X-Forwarded-For changes nothing', async () => {
  const register = (from: string, username: string, headers: Record<string, string> = {}) =>
    call(`${proxy()}/api/auth/register`, { method: 'POST', from, headers, body: { username, password: PASSWORD } });
  // 20 registrations per address per 10 min (server/limits/rate-limits.ts).
  for (let i = 0; i < 20; i++) expect((await register('127.0.0.3', `px_rl_${i}`)).status).toBe(201);
  const refused = await register('127.0.0.3', 'px_rl_over');
  expect(refused.status).toBe(429);
  expect(refused.json().error.code).toBe('rate_limited');
  expect((await register('127.0.0.3', 'px_rl_forged', { 'X-Forwarded-For': '203.0.113.7' })).status).toBe(429);
  // Another user, on the same machine's neighbour address, is not affected.
  expect((await register('127.0.0.4', 'px_rl_other')).status).toBe(201);
});

test('the proxy caps the connections of one address (limit_conn): one over is 429, others still pass', async () => {
  const cap = Number(/limit_conn per_address (\d+);/.exec(readFileSync(NGINX_CONF, 'utf8'))?.[1]);
  expect(cap).toBeGreaterThan(0);
  const held: ClientSocket[] = [];
  // In batches, so as not to flood the shared machine with handshakes.
  while (held.length < cap) {
    const batch = Math.min(32, cap - held.length);
    const opening = Array.from({ length: batch }, () => connect(proxy(), '127.0.3.1', { transports: ['websocket'] }));
    held.push(...(await Promise.all(opening)));
  }
  try {
    const over = await call(`${proxy()}/healthz`, { from: '127.0.3.1' });
    expect(over.status).toBe(429);
    expect((await call(`${proxy()}/healthz`, { from: '127.0.3.2' })).status).toBe(200);
  } finally {
    for (const socket of held) socket.disconnect();
  }
  await until('the held sockets to close', () => held.every((s) => s.disconnected));
  const freed = async () => (await call(`${proxy()}/healthz`, { from: '127.0.3.1' })).status === 200;
  await settle(freed, (ok) => ok, { timeoutMs: 5000, intervalMs: 100 });
  expect(await freed()).toBe(true);
});

test('readers of a killed instance reconnect through the proxy to the survivor and catch up', async () => {
  const urls = instanceUrls();
  const sockets = () => Promise.all(urls.map(async (url) => (await scrapeMetrics(url))('socketio_connected_sockets')));
  const before = await sockets();
  const authors = [await registerAt(urls[0], 'px_kill_1'), await registerAt(urls[0], 'px_kill_2')];
  const articleId = await newArticleAt(urls[0], cluster().adminToken);
  const from = (i: number) => (url: string) => connect(url, `127.0.2.${i}`);
  const readers: Reader[] = [];
  for (let i = 1; i <= 8; i++) readers.push(await openReader(from(i), proxy(), articleId));
  await until('the readers to upgrade', () => readers.every((r) => r.socket.io.engine.transport.name === 'websocket'));

  // Where the hash put each reader depends on the instances' ports: the victim is one that has readers.
  const after = await sockets();
  const onInstance = after.map((n, i) => n - before[i]!);
  expect(onInstance[0]! + onInstance[1]!).toBe(readers.length);
  const victimIndex = onInstance[1]! > 0 ? 1 : 0;
  const victim = cluster().instances[victimIndex]!;
  const survivor = urls[1 - victimIndex]!;

  expect((await postAt(urls[0], authors[0]!.token, articleId, 'before, on one')).status).toBe(201);
  expect((await postAt(urls[1], authors[1]!.token, articleId, 'before, on the other')).status).toBe(201);
  await until('every reader to get the first posts', () => readers.every((r) => r.sync.state().lastApplied === 2));

  // A reader whose socket is lost connects again through the proxy, from its own address, with afterSeq.
  const moves: Promise<void>[] = [];
  let moving = true;
  readers.forEach((reader, i) =>
    reader.socket.once('disconnect', () => moving && moves.push(moveReader(reader, from(i + 1), proxy()))),
  );
  victim.child.kill('SIGKILL');
  await victim.exited;
  for (let i = 0; i < 3; i++) {
    expect((await postAt(survivor, authors[i % 2]!.token, articleId, `while moving, #${i}`)).status).toBe(201);
  }

  await until('the readers of the killed instance to notice', () => moves.length === onInstance[victimIndex]);
  await Promise.all(moves);
  // The others were read on the survivor all along; from here on, closing a socket is the file's cleanup.
  moving = false;
  expect(moves).toHaveLength(onInstance[victimIndex]!);

  expect((await postAt(survivor, authors[1]!.token, articleId, 'after the move')).status).toBe(201);
  const stored = await storedCommentIds(proxy(), articleId);
  expect(stored).toHaveLength(6);
  await until('every reader to catch up', () => readers.every((r) => r.sync.state().lastApplied === 6), {
    timeoutMs: 20_000,
  });
  for (const reader of readers) expectExactly(reader, stored);
  process.stdout.write(`nginx failover: ${moves.length} of ${readers.length} readers moved to the survivor\n`);
});
