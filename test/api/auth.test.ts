/** Accounts and sessions: register, login, logout, me (contract: Accounts, sessions, roles; Errors). */
import request from 'supertest';
import { bearer, PASSWORD, useApiHarness, expectError } from './harness';

const h = useApiHarness();

function cookieHeader(res: request.Response): string {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const sid = (raw ?? []).find((c) => c.startsWith('sid='));
  if (!sid) throw new Error(`no sid cookie in ${JSON.stringify(raw)}`);
  return sid;
}

describe('POST /api/auth/register', () => {
  it('creates a member, answers 201 {user, token} and sets an httpOnly SameSite=Lax session cookie', async () => {
    const res = await request(h().http)
      .post('/api/auth/register')
      .send({ username: 'Bob', password: PASSWORD, displayName: 'Bobby Tables' });
    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      username: 'Bob',
      displayName: 'Bobby Tables',
      role: 'member',
      banned: false,
      createdAt: expect.any(String),
      suspendedUntil: null,
    });
    expect(res.body.token).toEqual(expect.any(String));
    const cookie = cookieHeader(res);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    // A session ends after 30 days without use; the cookie's Max-Age matches.
    expect(cookie).toMatch(/Max-Age=2592000\b/);
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);
  });

  it('defaults displayName to the username', async () => {
    const res = await request(h().http).post('/api/auth/register').send({ username: 'plain_name', password: PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body.user.displayName).toBe('plain_name');
  });

  it.each([
    ['the same name in another case', 'bob'],
    ['upper case', 'BOB'],
    ['full-width letters (NFKC)', 'ｂｏｂ'],
  ])('answers 409 conflict for %s', async (_what, username) => {
    const res = await request(h().http).post('/api/auth/register').send({ username, password: PASSWORD });
    expectError(res, 409, 'conflict');
  });

  it.each([
    ['a short username', { username: 'ab', password: PASSWORD }, 'username'],
    ['a long username', { username: 'a'.repeat(33), password: PASSWORD }, 'username'],
    ['a username with a space', { username: 'bad name', password: PASSWORD }, 'username'],
    ['a username with a dot', { username: 'bad.name', password: PASSWORD }, 'username'],
    ['a missing username', { password: PASSWORD }, 'username'],
    ['a short password', { username: 'shortpw', password: '1234567' }, 'password'],
    ['a long password', { username: 'longpw', password: 'x'.repeat(129) }, 'password'],
    [
      'a displayName with a bidi override',
      { username: 'bidi_user', password: PASSWORD, displayName: 'evil\u202Etxt.exe' },
      'displayName',
    ],
    [
      'a displayName with a zero-width space',
      { username: 'zw_user', password: PASSWORD, displayName: 'ad\u200Bmin' },
      'displayName',
    ],
    [
      'a displayName with a control character',
      { username: 'ctl_user', password: PASSWORD, displayName: 'bell\u0007' },
      'displayName',
    ],
    ['an empty displayName', { username: 'empty_dn', password: PASSWORD, displayName: '' }, 'displayName'],
    ['a long displayName', { username: 'long_dn', password: PASSWORD, displayName: 'd'.repeat(65) }, 'displayName'],
    ['an unknown field role (mass assignment)', { username: 'sneaky', password: PASSWORD, role: 'admin' }, 'role'],
  ])('answers 400 validation_failed naming the field for %s', async (_what, body, field) => {
    const res = await request(h().http).post('/api/auth/register').send(body);
    expectError(res, 400, 'validation_failed');
    expect(Object.keys(res.body.error.details.fields)).toContain(field);
  });

  it('created nobody for the refused mass-assignment attempt, and a valid register cannot choose a role', async () => {
    const admin = await h().adminToken();
    const found = await request(h().http).get('/api/users?query=sneaky').set(bearer(admin));
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([]);

    const { user } = await h().register('sneaky');
    expect(user.role).toBe('member');
  });

  it('lets only one of several simultaneous registrations of one name (in different cases) through', async () => {
    const results = await Promise.all(
      ['racer', 'RACER', 'Racer'].map((username) =>
        request(h().http).post('/api/auth/register').send({ username, password: PASSWORD }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expectError(r, 409, 'conflict');
  });

  it('answers 400 bad_request for a body that is not JSON', async () => {
    const res = await request(h().http)
      .post('/api/auth/register')
      .type('form')
      .send('username=formuser&password=12345678910');
    expectError(res, 400, 'bad_request');
    const text = await request(h().http)
      .post('/api/auth/register')
      .set('Content-Type', 'text/plain')
      .send('{"username":"textuser","password":"12345678910"}');
    expectError(text, 400, 'bad_request');
  });

  it('answers 400 bad_request for invalid JSON', async () => {
    const res = await request(h().http)
      .post('/api/auth/register')
      .set('Content-Type', 'application/json')
      .send('{"username": "x",');
    expectError(res, 400, 'bad_request');
  });

  it('answers 400 bad_request for an array or a scalar body', async () => {
    const arr = await request(h().http)
      .post('/api/auth/register')
      .set('Content-Type', 'application/json')
      .send('[{"username":"arr_user","password":"12345678910"}]');
    expectError(arr, 400, 'bad_request');
    const scalar = await request(h().http)
      .post('/api/auth/register')
      .set('Content-Type', 'application/json')
      .send('"hello"');
    expectError(scalar, 400, 'bad_request');
  });

  it('answers 413 payload_too_large for a body over 64 KiB', async () => {
    const res = await request(h().http)
      .post('/api/auth/register')
      .send({ username: 'big_user', password: PASSWORD, displayName: 'x'.repeat(65 * 1024) });
    expectError(res, 413, 'payload_too_large');
  });
});

describe('POST /api/auth/login', () => {
  it('answers 200 {user, token} with a cookie, and a new token on every login (no fixation)', async () => {
    const first = await request(h().http).post('/api/auth/login').send({ username: 'Bob', password: PASSWORD });
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ username: 'Bob', role: 'member' });
    expect(cookieHeader(first)).toMatch(/HttpOnly/i);

    // A login that already carries a session still gets a session of its own.
    const second = await request(h().http)
      .post('/api/auth/login')
      .set(bearer(first.body.token as string))
      .send({ username: 'bob', password: PASSWORD });
    expect(second.status).toBe(200);
    expect(second.body.token).not.toBe(first.body.token);
    expect(cookieHeader(second)).not.toBe(cookieHeader(first));

    // Both sessions work.
    for (const token of [first.body.token, second.body.token] as string[]) {
      const me = await request(h().http).get('/api/auth/me').set(bearer(token));
      expect(me.status).toBe(200);
      expect(me.body.user.username).toBe('Bob');
    }
  });

  it('answers 401 with the same message for a wrong password and an unknown username', async () => {
    const wrong = await request(h().http)
      .post('/api/auth/login')
      .send({ username: 'Bob', password: 'not the password' });
    const unknown = await request(h().http)
      .post('/api/auth/login')
      .send({ username: 'nobody_here', password: PASSWORD });
    expectError(wrong, 401, 'unauthenticated');
    expectError(unknown, 401, 'unauthenticated');
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('answers 400 validation_failed for a missing password and bad_request for a non-JSON body', async () => {
    expectError(await request(h().http).post('/api/auth/login').send({ username: 'Bob' }), 400, 'validation_failed');
    expectError(
      await request(h().http).post('/api/auth/login').type('form').send('username=Bob&password=x'),
      400,
      'bad_request',
    );
  });

  it('answers 403 with details {banned: true, reason} for a banned user with the right password', async () => {
    const { user } = await h().register('to_be_banned');
    const ban = await request(h().http)
      .post(`/api/users/${user.id}/ban`)
      .set(bearer(await h().adminToken()))
      .send({ reason: 'spam links' });
    expect(ban.status).toBe(200);

    const res = await request(h().http).post('/api/auth/login').send({ username: 'to_be_banned', password: PASSWORD });
    expectError(res, 403, 'forbidden');
    expect(res.body.error.details).toEqual({ banned: true, reason: 'spam links' });
    expect(res.headers['set-cookie']).toBeUndefined();

    // The wrong password still says only 401: a ban is not revealed without the password.
    const wrong = await request(h().http)
      .post('/api/auth/login')
      .send({ username: 'to_be_banned', password: 'wrong password' });
    expectError(wrong, 401, 'unauthenticated');
  });
});

describe('GET /api/auth/me and POST /api/auth/logout', () => {
  it('answers me with the cookie and with the Bearer token, and 401 without either', async () => {
    const carol = await h().register('carol');
    const viaCookie = await carol.agent.get('/api/auth/me');
    expect(viaCookie.status).toBe(200);
    // The own view adds the mail settings (docs/api.md, "Email").
    expect(viaCookie.body.user).toEqual({
      ...carol.user,
      email: null,
      emailConfirmed: false,
      emailNotifications: 'off',
    });

    const viaBearer = await request(h().http).get('/api/auth/me').set(bearer(carol.token));
    expect(viaBearer.status).toBe(200);
    expect(viaBearer.body.user.id).toBe(carol.user.id);

    expectError(await request(h().http).get('/api/auth/me'), 401, 'unauthenticated');
    expectError(await request(h().http).get('/api/auth/me').set(bearer('not-a-real-token')), 401, 'unauthenticated');
    expectError(
      await request(h().http).get('/api/auth/me').set('Cookie', 'sid=forged-unsigned-value'),
      401,
      'unauthenticated',
    );
  });

  it('logout answers 204, ends that session only, and needs a session', async () => {
    const dave = await h().register('dave');
    const other = await request(h().http).post('/api/auth/login').send({ username: 'dave', password: PASSWORD });
    expect(other.status).toBe(200);

    const out = await request(h().http).post('/api/auth/logout').set(bearer(dave.token));
    expect(out.status).toBe(204);
    expect(out.text).toBe('');

    expectError(await request(h().http).get('/api/auth/me').set(bearer(dave.token)), 401, 'unauthenticated');
    // The cookie names the same session: it stopped too.
    expectError(await dave.agent.get('/api/auth/me'), 401, 'unauthenticated');
    // The user's other session goes on working.
    const still = await request(h().http)
      .get('/api/auth/me')
      .set(bearer(other.body.token as string));
    expect(still.status).toBe(200);

    expectError(await request(h().http).post('/api/auth/logout'), 401, 'unauthenticated');
    expectError(await request(h().http).post('/api/auth/logout').set(bearer(dave.token)), 401, 'unauthenticated');
  });

  it('logout by cookie clears the cookie and ends the session on another instance too', async () => {
    const erin = await h().register('erin');
    const other = h().secondApp();
    expect((await request(other.app).get('/api/auth/me').set(bearer(erin.token))).status).toBe(200);
    const out = await erin.agent.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(cookieHeader(out)).toMatch(/sid=;|Expires=Thu, 01 Jan 1970/);
    expectError(await request(other.app).get('/api/auth/me').set(bearer(erin.token)), 401, 'unauthenticated');
  });
});
