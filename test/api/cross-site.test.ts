/** Cross-site rules: the origin check on cookie sessions, CORS, security headers (contract: Limits and cross-site rules). */
import request from 'supertest';
import { bearer, useApiHarness, type Registered, expectError } from './harness';

const FRIEND = 'https://friend.example';
const EVIL = 'https://evil.example';
/** The Host the tests send, so the server's own origin is known: http://discuss.test. */
const HOST = 'discuss.test';
const OWN = `http://${HOST}`;

const h = useApiHarness({ CORS_ORIGINS: FRIEND });

let user: Registered;
let cookie: string;
let articleId: string;

beforeAll(async () => {
  const res = await request(h().http)
    .post('/api/auth/register')
    .send({ username: 'xs_user', password: 'correct horse battery' });
  expect(res.status).toBe(201);
  user = { token: res.body.token, user: res.body.user, agent: request.agent(h().http) };
  const raw = res.headers['set-cookie'] as unknown as string[];
  cookie = raw.find((c) => c.startsWith('sid='))!.split(';')[0]!;
  articleId = (await h().newArticle()).id;
});

const postComment = (headers: Record<string, string>, body = 'cross-site test') =>
  request(h().http).post(`/api/articles/${articleId}/comments`).set('Host', HOST).set(headers).send({ body });

async function bodiesOnThread(): Promise<string[]> {
  const res = await request(h().http).get(`/api/articles/${articleId}/comments?limit=100`);
  return (res.body.items as { body: string }[]).map((c) => c.body);
}

describe('the origin check on state-changing requests', () => {
  it('refuses a cookie-authenticated POST from a foreign Origin (403) and writes nothing', async () => {
    const res = await postComment({ Cookie: cookie, Origin: EVIL }, 'forged by evil');
    expectError(res, 403, 'forbidden');
    expect(await bodiesOnThread()).not.toContain('forged by evil');
  });

  it('refuses a cookie-authenticated POST without Origin but with Sec-Fetch-Site: cross-site', async () => {
    const res = await postComment({ Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' }, 'forged without origin');
    expectError(res, 403, 'forbidden');
    expect(await bodiesOnThread()).not.toContain('forged without origin');
  });

  it('refuses a cookie-authenticated logout from a foreign Origin: the session goes on', async () => {
    expectError(
      await request(h().http).post('/api/auth/logout').set('Host', HOST).set({ Cookie: cookie, Origin: EVIL }),
      403,
      'forbidden',
    );
    expect((await request(h().http).get('/api/auth/me').set('Cookie', cookie)).status).toBe(200);
  });

  it('allows the same request with a Bearer token, whatever the Origin', async () => {
    const res = await postComment({ ...bearer(user.token), Origin: EVIL }, 'bearer from elsewhere');
    expect(res.status).toBe(201);
    expect(await bodiesOnThread()).toContain('bearer from elsewhere');
  });

  it("allows the cookie from the server's own Origin and from an origin in CORS_ORIGINS", async () => {
    expect((await postComment({ Cookie: cookie, Origin: OWN }, 'own origin')).status).toBe(201);
    expect((await postComment({ Cookie: cookie, Origin: FRIEND }, 'friendly origin')).status).toBe(201);
    expect((await postComment({ Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' }, 'same-origin fetch')).status).toBe(
      201,
    );
    expect(await bodiesOnThread()).toEqual(
      expect.arrayContaining(['own origin', 'friendly origin', 'same-origin fetch']),
    );
  });

  it('lets a GET with the cookie from a foreign Origin read (reads change nothing)', async () => {
    const res = await request(h().http).get('/api/auth/me').set('Host', HOST).set({ Cookie: cookie, Origin: EVIL });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('with PUBLIC_URL, counts that origin as its own, not the Host a proxy passes on', async () => {
    const behindProxy = h().secondApp({ PUBLIC_URL: 'https://talk.example' }).app;
    const post = (origin: string, body: string) =>
      request(behindProxy)
        .post(`/api/articles/${articleId}/comments`)
        .set('Host', HOST)
        .set({ Cookie: cookie, Origin: origin })
        .send({ body });
    expect((await post('https://talk.example', 'from the public origin')).status).toBe(201);
    expectError(await post(OWN, 'from the proxied host'), 403, 'forbidden');
    expect(await bodiesOnThread()).not.toContain('from the proxied host');
  });
});

describe('CORS', () => {
  it('gives a foreign origin no Access-Control-Allow-Origin, on preflight and on GET', async () => {
    const pre = await request(h().http)
      .options('/api/auth/me')
      .set({ Origin: EVIL, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
    const get = await request(h().http).get('/api/articles').set('Origin', EVIL);
    expect(get.status).toBe(200);
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('echoes an origin listed in CORS_ORIGINS with credentials allowed', async () => {
    const pre = await request(h().http).options('/api/articles').set({
      Origin: FRIEND,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type,authorization',
    });
    expect(pre.status).toBeLessThan(300);
    expect(pre.headers['access-control-allow-origin']).toBe(FRIEND);
    expect(pre.headers['access-control-allow-credentials']).toBe('true');
    expect(String(pre.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');

    const get = await request(h().http).get('/api/articles').set('Origin', FRIEND);
    expect(get.headers['access-control-allow-origin']).toBe(FRIEND);
    expect(get.headers['access-control-allow-credentials']).toBe('true');
    expect(String(get.headers.vary)).toMatch(/origin/i);
  });

  it.each([EVIL, 'null', FRIEND, undefined])('never answers * or null (Origin %s)', async (origin) => {
    const req = request(h().http).get('/api/articles');
    const res = await (origin === undefined ? req : req.set('Origin', origin));
    expect(['*', 'null']).not.toContain(res.headers['access-control-allow-origin']);
    if (origin === 'null') expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('security headers', () => {
  it.each(['/api/articles', '/healthz', '/api/no-such-route'])(
    'send a CSP without unsafe-inline script on %s',
    async (path) => {
      const res = await request(h().http).get(path);
      const csp = res.headers['content-security-policy'] as string | undefined;
      expect(csp).toBeDefined();
      const scriptSrc = csp!
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith('script-src'));
      const fallback = csp!
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith('default-src'));
      const governing = scriptSrc ?? fallback;
      expect(governing).toBeDefined();
      expect(governing).not.toContain("'unsafe-inline'");
      expect(governing).not.toContain("'unsafe-eval'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-powered-by']).toBeUndefined();
    },
  );
});
