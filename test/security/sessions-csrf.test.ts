/**
 * Sessions, cookies and cross-site rules beyond what test/api/auth.test.ts, test/api/cross-site.test.ts,
 * test/realtime/connections.test.ts and test/app/metrics.test.ts already show: token entropy and hashing,
 * Secure cookies behind a trusted proxy, look-alike origins, the socket handshake with a victim's cookie,
 * the CSP of pages, the embedded store's bound address, and /metrics against a spoofed X-Forwarded-For.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import request from 'supertest';
import { startChildStore } from '../../scripts/lib/child-store';
import { startEmbeddedMongo } from '../../server/embedded-mongo';
import { bearer, expectError, PASSWORD } from '../api/harness';
import { useRealtimeHarness } from '../realtime/harness';

const FRIEND = 'https://friend.example';
const h = useRealtimeHarness({ CORS_ORIGINS: FRIEND });

const sidCookie = (res: request.Response) =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('sid='));

let victimCookie: string;
let victimId: string;
let articleId: string;

beforeAll(async () => {
  articleId = (await h().newArticle('Sessions')).id;
  const reg = await request(h().http).post('/api/auth/register').send({ username: 'victim', password: PASSWORD });
  expect(reg.status).toBe(201);
  victimId = reg.body.user.id as string;
  victimCookie = sidCookie(reg)!.split(';')[0]!;
});

async function threadBodies(): Promise<string[]> {
  const res = await request(h().http).get(`/api/articles/${articleId}/comments?limit=100`);
  return (res.body.items as { body: string }[]).map((c) => c.body);
}

describe('session tokens', () => {
  it('carry at least 128 bits: long random url-safe strings, never repeated', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await request(h().http).post('/api/auth/login').send({ username: 'victim', password: PASSWORD });
      tokens.push(res.body.token as string);
    }
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      // Six bits per base64url character.
      expect(token.length * 6).toBeGreaterThanOrEqual(128);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    // The first character varies too: not a counter or a timestamp with a random tail.
    const distinctFirstChars = new Set(tokens.map((t) => t[0]));
    expect(distinctFirstChars.size).toBeGreaterThan(5);
  });

  it('are stored only as hashes, one new session per sign-in', async () => {
    const { Session } = h().app.ctx.models;
    const before = await Session.countDocuments({ userId: victimId });
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++)
      tokens.push(
        (await request(h().http).post('/api/auth/login').send({ username: 'victim', password: PASSWORD })).body
          .token as string,
      );
    expect(await Session.countDocuments({ userId: victimId })).toBe(before + 3);
    const stored = JSON.stringify(await Session.find().lean());
    for (const token of tokens) expect(stored).not.toContain(token);
    // And the stored key is not the token in another encoding either.
    for (const token of tokens) expect(stored).not.toContain(Buffer.from(token, 'base64url').toString('hex'));
  });

  it('only a cookie signed by the server counts: the raw token or another signature is no session', async () => {
    const token = (await request(h().http).post('/api/auth/login').send({ username: 'victim', password: PASSWORD }))
      .body.token as string;
    expect((await request(h().http).get('/api/auth/me').set(bearer(token))).status).toBe(200);
    for (const cookie of [`sid=${token}`, `sid=s%3A${token}.forgedsignature`, `sid=s%3A${token}`]) {
      expectError(await request(h().http).get('/api/auth/me').set('Cookie', cookie), 401, 'unauthenticated');
    }
  });
});

describe('the session cookie', () => {
  const attrs = (cookie: string) => cookie.split(';').map((p) => p.trim().toLowerCase());

  it('is Secure when served over https through a trusted proxy (TRUST_PROXY=1, X-Forwarded-Proto: https), and keeps httpOnly and SameSite=Lax', async () => {
    const behindProxy = h().secondApp({ TRUST_PROXY: '1' }).app;
    const res = await request(behindProxy)
      .post('/api/auth/register')
      .set('X-Forwarded-Proto', 'https')
      .send({ username: 'https_user', password: PASSWORD });
    expect(res.status).toBe(201);
    const cookie = attrs(sidCookie(res)!);
    expect(cookie).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax', 'path=/']));
    // Logging out clears it with the same attributes (a browser only replaces a cookie that matches).
    const out = await request(behindProxy)
      .post('/api/auth/logout')
      .set('X-Forwarded-Proto', 'https')
      .set(bearer(res.body.token));
    expect(out.status).toBe(204);
    expect(attrs(sidCookie(out)!)).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax']));
  });

  it('is not Secure over plain http, and an untrusted X-Forwarded-Proto changes nothing', async () => {
    const direct = await request(h().http)
      .post('/api/auth/register')
      .set('X-Forwarded-Proto', 'https')
      .send({ username: 'http_user', password: PASSWORD });
    expect(attrs(sidCookie(direct)!)).not.toContain('secure');
    expect(attrs(sidCookie(direct)!)).toEqual(expect.arrayContaining(['httponly', 'samesite=lax']));
    const viaProxyOverHttp = await request(h().secondApp({ TRUST_PROXY: '1' }).app)
      .post('/api/auth/register')
      .send({ username: 'proxied_http', password: PASSWORD });
    expect(attrs(sidCookie(viaProxyOverHttp)!)).not.toContain('secure');
  });
});

describe('look-alike origins', () => {
  const lookAlikes = [
    'https://friend.example.evil.example',
    'https://evilfriend.example',
    'http://friend.example',
    'https://friend.example:8443',
    'https://sub.friend.example',
    'null',
    'https://friend.example/',
    'https://friend.example%60.evil.example',
  ];

  it.each(lookAlikes)('%s gets no CORS grant, on preflight or on a credentialed GET', async (origin) => {
    const pre = await request(h().http).options('/api/auth/me').set({
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type',
    });
    const get = await request(h().http).get('/api/auth/me').set({ Origin: origin, Cookie: victimCookie });
    for (const res of [pre, get]) {
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it.each(lookAlikes)("%s cannot post with the victim's cookie (403, nothing written)", async (origin) => {
    const body = `forged from ${origin}`;
    const res = await request(h().http)
      .post(`/api/articles/${articleId}/comments`)
      .set({ Origin: origin, Cookie: victimCookie })
      .send({ body });
    expectError(res, 403, 'forbidden');
    expect(await threadBodies()).not.toContain(body);
  });

  it.each(lookAlikes)(
    "a Socket.IO handshake from %s with the victim's cookie is refused, over polling and websocket",
    async (origin) => {
      const polling = await request(h().url)
        .get('/socket.io/')
        .query({ EIO: '4', transport: 'polling' })
        .set({ Origin: origin, Cookie: victimCookie });
      expect(polling.status).toBe(403);
      await h().connectRefused({ extraHeaders: { Origin: origin, Cookie: victimCookie } });
    },
  );
});

describe('Content-Security-Policy', () => {
  const directive = (csp: string, name: string) =>
    csp
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `));

  it.each(['/', '/articles/welcome', '/moderation', '/api/articles', '/api/auth/me'])(
    '%s sends one without inline or eval script, and refuses framing',
    async (path) => {
      const res = await request(h().http).get(path);
      const csp = res.headers['content-security-policy'] as string | undefined;
      expect(csp).toBeDefined();
      const script = directive(csp!, 'script-src') ?? directive(csp!, 'default-src');
      expect(script).toBeDefined();
      expect(script).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|data:/);
      expect(directive(csp!, 'object-src')).toBe("object-src 'none'");
      expect(directive(csp!, 'frame-ancestors')).toBe("frame-ancestors 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    },
  );
});

/** The local addresses of the TCP sockets listening on `port`, read from the kernel's own table (Linux). */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === '0A' && local?.endsWith(`:${hexPort}`)) found.push(local.slice(0, -5));
    }
  }
  return found;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

describe('the embedded store', () => {
  const externalAddresses = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && a.family === 'IPv4')
    .map((a) => a!.address);

  async function expectLoopbackOnly(port: number) {
    // 127.0.0.1 in the kernel's byte order, and nothing else (no 0.0.0.0, no ::).
    expect(listeningAddresses(port)).toEqual(['0100007F']);
    expect(await canConnect('127.0.0.1', port)).toBe(true);
    for (const address of externalAddresses) expect(await canConnect(address, port)).toBe(false);
  }

  it('listens on loopback only, in process', async () => {
    const store = await startEmbeddedMongo({ dbPath: ':memory:' });
    try {
      await expectLoopbackOnly(store.port);
    } finally {
      await store.close();
    }
  });

  it('listens on loopback only, on its own (npm run embedded-mongo)', async () => {
    const store = await startChildStore();
    try {
      await expectLoopbackOnly(store.port);
    } finally {
      await store.stop();
    }
  });
});

describe('/metrics behind a trusted proxy', () => {
  // With TRUST_PROXY=1 the proxy appends the address it saw; whatever a caller wrote before it is not believed.
  const metricsApp = () => h().secondApp({ TRUST_PROXY: '1', METRICS_TOKEN: 'scrape-token-of-enough-length' }).app;

  it.each([
    ['a remote caller', '203.0.113.9'],
    ['a remote caller claiming loopback', '127.0.0.1, 203.0.113.9'],
    ['a remote caller claiming IPv6 loopback', '::1, 203.0.113.9'],
    ['a remote caller claiming loopback twice', '127.0.0.1, 127.0.0.1, 203.0.113.9'],
    ['a remote IPv6 caller', '2001:db8::5'],
  ])('refuses %s (X-Forwarded-For: %s)', async (_what, forwardedFor) => {
    const res = await request(metricsApp()).get('/metrics').set('X-Forwarded-For', forwardedFor);
    expectError(res, 403, 'forbidden');
    expect(res.text).not.toContain('http_requests_total');
  });

  it('serves a caller the proxy saw on loopback, and a remote caller with the token', async () => {
    expect((await request(metricsApp()).get('/metrics').set('X-Forwarded-For', '127.0.0.1')).status).toBe(200);
    const withToken = await request(metricsApp())
      .get('/metrics')
      .set('X-Forwarded-For', '203.0.113.9')
      .set(bearer('scrape-token-of-enough-length'));
    expect(withToken.status).toBe(200);
    expect(withToken.text).toContain('http_requests_total');
  });
});
