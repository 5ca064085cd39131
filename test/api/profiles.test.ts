/** Profiles and account self-service (contract: v2 · Notifications and profiles). */
import request from 'supertest';
import { ask, disconnected, nextEvent, useRealtimeHarness } from '../realtime/harness';
import { ADMIN_PASSWORD, bearer, expectError, PASSWORD } from './harness';

const h = useRealtimeHarness();

async function login(username: string, password = PASSWORD): Promise<request.Response> {
  return request(h().http).post('/api/auth/login').send({ username, password });
}

/** A signed-in (or, without a token, anonymous) call with a JSON body. */
const send = (method: 'post' | 'delete', path: string, token: string | undefined, body: object) => {
  const req = request(h().http)[method](path);
  return (token ? req.set(bearer(token)) : req).send(body);
};
const changePassword = (token: string | undefined, body: object) => send('post', '/api/auth/password', token, body);
const deleteMe = (token: string, body: object) => send('delete', '/api/auth/me', token, body);

describe('GET /api/users/by-name/:username', () => {
  it('answers the UserRef with createdAt and the visible comments count, matched without regard to case', async () => {
    const { token, user } = await h().register('Profiled', 'Pro Filed');
    const { id: articleId } = await h().newArticle();
    await h().comment(token, articleId, 'first');
    const gone = await h().comment(token, articleId, 'second');
    await h().comment(token, articleId, 'third');
    expect((await request(h().http).delete(`/api/comments/${gone}`).set(bearer(token))).status).toBe(200);

    const res = await request(h().http).get('/api/users/by-name/pROFILED');
    expect(res.status).toBe(200);
    const { createdAt } = user;
    expect(res.body.user).toEqual({
      id: user.id,
      username: 'Profiled',
      displayName: 'Pro Filed',
      createdAt,
      commentCount: 2,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/role|banned|password/);
  });

  it('answers 404 for an unknown name', async () => {
    expectError(await request(h().http).get('/api/users/by-name/nobody_here'), 404, 'not_found');
  });
});

describe('GET /api/users/:id/comments', () => {
  it('pages the visible comments newest first, each with its article, and ends with nextCursor null', async () => {
    const { token, user } = await h().register('pager');
    const a = await h().newArticle('Pager one');
    const b = await h().newArticle('Pager two');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await h().comment(token, i % 2 ? b.id : a.id, `comment ${i}`));
    const removed = ids[2]!;
    const mod = await h().adminToken();
    expect((await send('post', `/api/comments/${removed}/remove`, mod, {})).status).toBe(200);

    const seen: { id: string; body: string; article: unknown }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await request(h().http)
        .get(`/api/users/${user.id}/comments`)
        .query({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...(res.body.items as typeof seen));
      cursor = res.body.nextCursor as string | null;
      pages++;
    } while (cursor && pages < 10);
    expect(seen.map((c) => c.id)).toEqual([ids[4], ids[3], ids[1], ids[0]]);
    expect(seen[0]!.body).toBe('comment 4');
    expect(seen[0]!.article).toEqual({ id: a.id, slug: a.slug, title: 'Pager one', url: null });
    expect(seen[1]!.article).toEqual({ id: b.id, slug: b.slug, title: 'Pager two', url: null });
  });

  it('answers an empty last page for a user without comments', async () => {
    const { user } = await h().register('silent_one');
    const res = await request(h().http).get(`/api/users/${user.id}/comments`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });

  it('answers 404 for an unknown id and 400 for a bad limit or cursor', async () => {
    expectError(await request(h().http).get('/api/users/0123456789abcdef01234567/comments'), 404, 'not_found');
    expectError(await request(h().http).get('/api/users/not-an-id/comments'), 404, 'not_found');
    const { user } = await h().register('bad_pager');
    expectError(await request(h().http).get(`/api/users/${user.id}/comments?limit=0`), 400, 'validation_failed');
    expectError(await request(h().http).get(`/api/users/${user.id}/comments?cursor=zzz`), 400, 'validation_failed');
  });

  it('reads the page through the (authorId, status, createdAt) index, not a scan', async () => {
    const { user } = await h().register('indexed');
    const { Comment } = h().app.ctx.models;
    await Comment.syncIndexes();
    const plan = await Comment.find({ authorId: user.id, status: 'visible', seq: { $ne: null } })
      .sort({ createdAt: -1, _id: -1 })
      .limit(21)
      .explain('queryPlanner');
    const winning = (plan as unknown as { queryPlanner: { winningPlan: unknown } }).queryPlanner.winningPlan;
    expect(JSON.stringify(winning)).toContain('authorId_1_status_1_createdAt_-1__id_-1');
  });
});

describe('POST /api/auth/password', () => {
  it('sets the new password and ends the other sessions and their sockets; this one stays', async () => {
    const me = await h().register('changer');
    const other = (await login('changer')).body.token as string;
    const otherSocket = await h().connect({ auth: { token: other } });
    const mySocket = await h().connect({ auth: { token: me.token } });
    const revoked = nextEvent(otherSocket, 'session:revoked');
    const closed = disconnected(otherSocket);

    const res = await changePassword(me.token, { current: PASSWORD, next: 'a brand new secret' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: me.user.id, username: 'changer' });
    expect(await revoked).toEqual({ reason: 'signed-out-elsewhere' });
    expect(await closed).toBe('io server disconnect');

    expectError(await request(h().http).get('/api/auth/me').set(bearer(other)), 401, 'unauthenticated');
    expect((await request(h().http).get('/api/auth/me').set(bearer(me.token))).status).toBe(200);
    const { id: articleId } = await h().newArticle();
    expect(await ask(mySocket, 'comment:post', { articleId, body: 'Still here.' })).toMatchObject({ ok: true });
    expectError(await login('changer'), 401, 'unauthenticated');
    expect((await login('changer', 'a brand new secret')).status).toBe(200);
    mySocket.disconnect();
  });

  it('refuses a wrong current password with 401 and keeps the old one and the session', async () => {
    const me = await h().register('wrong_current');
    const res = await changePassword(me.token, { current: 'not my password', next: 'another secret' });
    expectError(res, 401, 'unauthenticated');
    expect((await request(h().http).get('/api/auth/me').set(bearer(me.token))).status).toBe(200);
    expect((await login('wrong_current')).status).toBe(200);
  });

  it('checks the new password against the rules, and needs a session', async () => {
    const me = await h().register('rules_pw');
    const short = await changePassword(me.token, { current: PASSWORD, next: 'short' });
    expectError(short, 400, 'validation_failed');
    expect(Object.keys(short.body.error.details.fields)).toEqual(['next']);
    const long = await changePassword(me.token, { current: PASSWORD, next: 'x'.repeat(129) });
    expectError(long, 400, 'validation_failed');
    expectError(await changePassword(undefined, { current: PASSWORD, next: 'whatever123' }), 401, 'unauthenticated');
  });

  it('answers 403 for an account without a password (single sign-on, import)', async () => {
    const me = await h().register('no_password');
    await h().app.ctx.models.User.updateOne({ _id: me.user.id }, { $set: { passwordHash: null } });
    const res = await changePassword(me.token, { current: PASSWORD, next: 'whatever123' });
    expectError(res, 403, 'forbidden');
  });
});

describe('GET /api/auth/me/export', () => {
  it('answers the account, its comments and its reports as a JSON attachment, without secrets', async () => {
    const me = await h().register('exporter', 'Ex Porter');
    const other = await h().register('exported_about');
    const { id: articleId } = await h().newArticle();
    const mine = await h().comment(me.token, articleId, 'My own words.');
    const theirs = await h().comment(other.token, articleId, 'Something to report.');
    expect((await send('post', `/api/comments/${theirs}/report`, me.token, { reason: 'rude' })).status).toBe(202);

    const res = await request(h().http).get('/api/auth/me/export').set(bearer(me.token));
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?account-exporter\.json"?$/);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.user).toMatchObject({ id: me.user.id, username: 'exporter', displayName: 'Ex Porter' });
    expect(res.body.user.signsInWith).toBe('password');
    expect(res.body.comments).toEqual([
      expect.objectContaining({ id: mine, articleId, body: 'My own words.', status: 'visible', parentId: null }),
    ]);
    expect(res.body.reports).toEqual([expect.objectContaining({ commentId: theirs, reason: 'rude', status: 'open' })]);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/argon2|passwordHash|token/i);
    expect(text).not.toContain(me.token);
  });

  it('needs a session', async () => {
    expectError(await request(h().http).get('/api/auth/me/export'), 401, 'unauthenticated');
  });
});

describe('DELETE /api/auth/me', () => {
  it('deletes the account: comments stay deleted (readers see them go), the name goes, nobody signs in', async () => {
    const me = await h().register('leaving', 'Leaving Soon');
    const other = (await login('leaving')).body.token as string;
    const otherSocket = await h().connect({ auth: { token: other } });
    const { id: articleId } = await h().newArticle();
    const first = await h().comment(me.token, articleId, 'One.');
    const second = await h().comment(me.token, articleId, 'Two.');
    const reader = await h().connect();
    expect(await ask(reader, 'article:join', { articleId })).toMatchObject({ ok: true, lastSeq: 2 });
    const goneEvent = nextEvent(
      reader,
      'article:event',
      (e) => e.type === 'comment.deleted' && e.comment?.id === second,
    );
    const revoked = nextEvent(otherSocket, 'session:revoked');

    const res = await deleteMe(me.token, { password: PASSWORD });
    expect(res.status).toBe(204);
    expect((await goneEvent).commentCount).toBe(0);
    expect(await revoked).toEqual({ reason: 'account-deleted' });

    const thread = await request(h().http).get(`/api/articles/${articleId}/comments`);
    const rows = thread.body.items as { id: string; status: string; body: string }[];
    expect(rows.map((c) => [c.id, c.status, c.body])).toEqual([
      [first, 'deleted', ''],
      [second, 'deleted', ''],
    ]);
    const placeholder = `deleted-${me.user.id}`;
    expect(thread.body.items[0].author).toEqual({ id: me.user.id, username: placeholder, displayName: 'deleted user' });
    for (const token of [me.token, other]) {
      expectError(await request(h().http).get('/api/auth/me').set(bearer(token)), 401, 'unauthenticated');
    }
    expectError(await login('leaving'), 401, 'unauthenticated');
    expectError(await login(placeholder), 401, 'unauthenticated');
    expectError(await request(h().http).get('/api/users/by-name/leaving'), 404, 'not_found');
    // The name is free again.
    const again = await send('post', '/api/auth/register', undefined, { username: 'Leaving', password: PASSWORD });
    expect(again.status).toBe(201);
    reader.disconnect();
  });

  it('refuses a wrong password with 401 and deletes nothing', async () => {
    const me = await h().register('staying_on');
    const res = await deleteMe(me.token, { password: 'not my password' });
    expectError(res, 401, 'unauthenticated');
    expect((await request(h().http).get('/api/users/by-name/staying_on')).status).toBe(200);
    expectError(await deleteMe(me.token, {}), 400, 'validation_failed');
  });

  it('lets an admin who is not the last one go, and keeps the other admin', async () => {
    const second = await h().register('second_admin');
    await h().promote(second.user.id, 'admin');
    expect((await deleteMe(second.token, { password: PASSWORD })).status).toBe(204);
    const admins = await h().app.ctx.models.User.find({ role: 'admin' }).lean();
    expect(admins.map((u) => u.username)).toEqual(['root_admin']);
  });

  it('refuses the last admin (403) and an account without a password (403)', async () => {
    const admin = await h().adminToken();
    expectError(await deleteMe(admin, { password: ADMIN_PASSWORD }), 403, 'forbidden');
    const sso = await h().register('sso_like');
    await h().app.ctx.models.User.updateOne({ _id: sso.user.id }, { $set: { passwordHash: null } });
    expectError(await deleteMe(sso.token, { password: PASSWORD }), 403, 'forbidden');
  });
});
