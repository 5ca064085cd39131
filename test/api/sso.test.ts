/**
 * Single sign-on through the real app on the embedded store: a host's HS256 token signs a reader in
 * (account made on first sight, display name following the claims), every kind of bad token is a 401
 * naming the problem, a logout revokes a token with a `jti`, and AUTH_MODES decides what else works.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import request from 'supertest';
import { ConfigError, loadConfig } from '../../server/config';
import { ask, useRealtimeHarness } from '../realtime/harness';
import { ADMIN_PASSWORD, ADMIN_USERNAME, bearer, expectError, PASSWORD } from './harness';

const SECRET = 'a-host-secret-of-at-least-32-characters!';
const h = useRealtimeHarness({ SSO_SECRET: SECRET });

const nowS = () => Math.floor(Date.now() / 1000);
const HOUR = 3600;
let subCounter = 0;
const newSub = () => `host-user-${++subCounter}-${randomBytes(3).toString('hex')}`;

/** A token as a host's backend signs it: valid for an hour unless the claims say otherwise. */
function sign(claims: JWTPayload, key = SECRET, alg = 'HS256'): Promise<string> {
  return signExactly({ iat: nowS(), exp: nowS() + HOUR, ...claims }, key, alg);
}

/** Exactly these claims, nothing added. */
function signExactly(claims: JWTPayload, key = SECRET, alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(new TextEncoder().encode(key));
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const ssoSignIn = (token: unknown, http = h().http) => request(http).post('/api/auth/sso').send({ token });

/** A 401 whose details name what was wrong with the token. */
function expectRefused(res: request.Response, reason: string, claim?: string): void {
  expectError(res, 401, 'unauthenticated');
  expect(res.body.error.details).toEqual(claim === undefined ? { reason } : { reason, claim });
}

describe('signing in', () => {
  test('the first token makes a member account; the next one signs in to the same account', async () => {
    const sub = newSub();
    const first = await ssoSignIn(await sign({ sub, username: 'Jane Doe', displayName: 'Jane' }));
    expect(first.status).toBe(200);
    expect(first.body.user).toEqual({
      id: expect.any(String),
      username: 'Jane_Doe',
      displayName: 'Jane',
      role: 'member',
      banned: false,
      createdAt: expect.any(String),
      suspendedUntil: null,
    });
    expect(first.headers['set-cookie']?.[0]).toMatch(/^sid=/);

    const second = await ssoSignIn(await sign({ sub, username: 'Jane Doe', displayName: 'Jane' }));
    expect(second.status).toBe(200);
    expect(second.body.user).toEqual(first.body.user);
    expect(second.body.token).not.toBe(first.body.token);
  });

  test('a changed display name in the claims updates the account; the username stays', async () => {
    const sub = newSub();
    const first = await ssoSignIn(await sign({ sub, username: 'renamer', displayName: 'Old Name' }));
    const second = await ssoSignIn(await sign({ sub, username: 'renamed', displayName: 'New Name' }));
    expect(second.body.user).toMatchObject({ id: first.body.user.id, username: 'renamer', displayName: 'New Name' });
    const me = await request(h().http).get('/api/auth/me').set(bearer(second.body.token));
    expect(me.body.user.displayName).toBe('New Name');
  });

  test('preferred names are made valid and unique; without any, one is generated', async () => {
    const taken = await h().register('taken_name');
    const clash = await ssoSignIn(await sign({ sub: newSub(), username: 'TAKEN_name', displayName: 'Bad\u202Ename' }));
    expect(clash.status).toBe(200);
    expect(clash.body.user.username).toMatch(/^TAKEN_name_[0-9a-f]{6}$/);
    expect(clash.body.user.id).not.toBe(taken.user.id);
    expect(clash.body.user.displayName).toBe('Badname');

    const nameless = await ssoSignIn(await sign({ sub: newSub() }));
    expect(nameless.status).toBe(200);
    expect(nameless.body.user.username).toMatch(/^user_[0-9a-f]{6}$/);
    expect(nameless.body.user.displayName).toBe(nameless.body.user.username);
  });

  test('the session token works as a Bearer token and in a socket handshake', async () => {
    const signedIn = await ssoSignIn(await sign({ sub: newSub(), username: 'socket_reader' }));
    const me = await request(h().http).get('/api/auth/me').set(bearer(signedIn.body.token));
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(signedIn.body.user.id);

    const articleId = (await h().newArticle()).id;
    const socket = await h().connect({ auth: { token: signedIn.body.token } });
    const posted = await ask(socket, 'comment:post', { articleId, body: 'Signed in by my host.' });
    const author = { id: signedIn.body.user.id, username: 'socket_reader' };
    expect(posted).toMatchObject({ ok: true, comment: { author } });
  });

  test('two first sign-ins of one sub at once make one account', async () => {
    const sub = newSub();
    const answers = await Promise.all([1, 2, 3].map(async () => ssoSignIn(await sign({ sub, username: 'twin' }))));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((r) => r.body.user.id)).size).toBe(1);
  });

  test('a token issued a little in the future is within the 60 s of clock skew', async () => {
    const res = await ssoSignIn(await sign({ sub: newSub(), iat: nowS() + 30, exp: nowS() + HOUR }));
    expect(res.status).toBe(200);
  });
});

describe('refused tokens', () => {
  test('a wrong signature', async () => {
    const otherKey = 'another-secret-that-is-also-32-chars-long';
    expectRefused(await ssoSignIn(await sign({ sub: newSub() }, otherKey)), 'signature');
  });

  test('an expired token, and one not valid yet', async () => {
    const expired = await sign({ sub: newSub(), iat: nowS() - 2 * HOUR, exp: nowS() - HOUR });
    expectRefused(await ssoSignIn(expired), 'expired', 'exp');
    const future = await sign({ sub: newSub(), iat: nowS() + 600, exp: nowS() + HOUR });
    expectRefused(await ssoSignIn(future), 'not_yet_valid', 'iat');
    expectRefused(await ssoSignIn(await sign({ sub: newSub(), nbf: nowS() + 600 })), 'not_yet_valid', 'nbf');
  });

  test('another alg: none, and HS512', async () => {
    const payload = { sub: newSub(), iat: nowS(), exp: nowS() + HOUR };
    expectRefused(await ssoSignIn(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`), 'algorithm');
    expectRefused(await ssoSignIn(await sign(payload, SECRET, 'HS512')), 'algorithm');
  });

  test('unsigned and garbage tokens', async () => {
    const payload = { sub: newSub(), iat: nowS(), exp: nowS() + HOUR };
    expectRefused(await ssoSignIn(`${b64({ alg: 'HS256' })}.${b64(payload)}`), 'malformed');
    expectRefused(await ssoSignIn('not a token at all'), 'malformed');
    expectRefused(await ssoSignIn(`${b64({ alg: 'HS256' })}.${b64(payload)}.`), 'signature');
  });

  test('missing or bad claims', async () => {
    expectRefused(await ssoSignIn(await signExactly({ iat: nowS(), exp: nowS() + HOUR })), 'missing_claim', 'sub');
    expectRefused(await ssoSignIn(await signExactly({ sub: newSub(), iat: nowS() })), 'missing_claim', 'exp');
    expectRefused(await ssoSignIn(await signExactly({ sub: newSub(), exp: nowS() + HOUR })), 'missing_claim', 'iat');
    expectRefused(await ssoSignIn(await sign({ sub: newSub(), exp: nowS() + 25 * HOUR })), 'invalid_claim', 'exp');
    expectRefused(await ssoSignIn(await sign({ sub: 'x'.repeat(129) })), 'invalid_claim', 'sub');
    expectRefused(await ssoSignIn(await sign({ sub: 12345 } as unknown as JWTPayload)), 'invalid_claim', 'sub');
  });

  test('a body without a token string is a validation error', async () => {
    const res = await ssoSignIn(42);
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details.fields).toHaveProperty('token');
  });
});

describe('logging out', () => {
  test('a token with a jti cannot sign in again after a logout of its session', async () => {
    const token = await sign({ sub: newSub(), jti: 'visit-1' });
    const signedIn = await ssoSignIn(token);
    expect(signedIn.status).toBe(200);
    expect((await request(h().http).post('/api/auth/logout').set(bearer(signedIn.body.token))).status).toBe(204);
    expect((await request(h().http).get('/api/auth/me').set(bearer(signedIn.body.token))).status).toBe(401);
    expectRefused(await ssoSignIn(token), 'revoked');
  });

  test('a token without a jti still signs in after a logout (only a jti revokes)', async () => {
    const token = await sign({ sub: newSub() });
    const signedIn = await ssoSignIn(token);
    expect((await request(h().http).post('/api/auth/logout').set(bearer(signedIn.body.token))).status).toBe(204);
    expect((await ssoSignIn(token)).status).toBe(200);
  });
});

describe('accounts made by SSO', () => {
  test('refuse password sign-in with the same answer as a wrong password', async () => {
    const signedIn = await ssoSignIn(await sign({ sub: newSub(), username: 'no_password_here' }));
    const credentials = { username: signedIn.body.user.username, password: PASSWORD };
    const res = await request(h().http).post('/api/auth/login').send(credentials);
    expectError(res, 401, 'unauthenticated');
    expect(res.body.error.message).toBe('Wrong username or password.');
  });

  test('a banned one gets 403 with the reason', async () => {
    const sub = newSub();
    const signedIn = await ssoSignIn(await sign({ sub }));
    const ban = await request(h().http)
      .post(`/api/users/${signedIn.body.user.id}/ban`)
      .set(bearer(await h().adminToken()))
      .send({ reason: 'spam' });
    expect(ban.status).toBe(200);
    const res = await ssoSignIn(await sign({ sub }));
    expectError(res, 403, 'forbidden');
    expect(res.body.error.details).toEqual({ banned: true, reason: 'spam' });
  });
});

describe('rate limits', () => {
  test('SSO sign-ins count against the per-address sign-in limit (100 per 15 min)', async () => {
    const limited = h().secondApp({ RATE_LIMITS: 'on' }).app;
    const token = await sign({ sub: newSub() });
    for (let i = 0; i < 100; i++) expect((await ssoSignIn(token, limited)).status).toBe(200);
    const res = await ssoSignIn(token, limited);
    expectError(res, 429, 'rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('AUTH_MODES and SSO_SECRET', () => {
  test('with sso alone, registration and password sign-in answer 403; SSO works', async () => {
    const ssoOnly = h().secondApp({ AUTH_MODES: 'sso' }).app;
    const credentials = { username: 'wants_in', password: PASSWORD };
    expectError(await request(ssoOnly).post('/api/auth/register').send(credentials), 403, 'forbidden');
    // Even the bootstrap admin's correct password.
    const admin = { username: ADMIN_USERNAME, password: ADMIN_PASSWORD };
    expectError(await request(ssoOnly).post('/api/auth/login').send(admin), 403, 'forbidden');
    expect((await ssoSignIn(await sign({ sub: newSub() }), ssoOnly)).status).toBe(200);
  });

  test('without SSO_SECRET, or with password alone, the SSO route answers 403', async () => {
    const token = await sign({ sub: newSub() });
    expectError(await ssoSignIn(token, h().secondApp({ SSO_SECRET: '' }).app), 403, 'forbidden');
    expectError(await ssoSignIn(token, h().secondApp({ AUTH_MODES: 'password' }).app), 403, 'forbidden');
  });

  test('bad settings stop the start naming the variable', () => {
    expect(() => loadConfig({ SSO_SECRET: 'short' })).toThrow(/SSO_SECRET: must be at least 32 characters/);
    expect(() => loadConfig({ AUTH_MODES: 'sso' })).toThrow(/AUTH_MODES: .*needs SSO_SECRET/);
    expect(() => loadConfig({ AUTH_MODES: 'password,saml', SSO_SECRET: SECRET })).toThrow(ConfigError);
    expect(() => loadConfig({ AUTH_MODES: ',' })).toThrow(/AUTH_MODES/);
    expect(loadConfig({ SSO_SECRET: SECRET }).auth).toEqual({ password: true, sso: { secret: SECRET } });
    expect(loadConfig({ SSO_SECRET: SECRET, AUTH_MODES: 'password' }).auth).toEqual({ password: true, sso: undefined });
  });
});
