/** Users, roles and bans (contract: Accounts, sessions, roles; Moderation). */
import request from 'supertest';
import { bearer, PASSWORD, useApiHarness, type Registered, expectError } from './harness';

const h = useApiHarness();

const UNKNOWN_ID = '0123456789abcdef01234567';

let member: Registered;
let moderator: Registered;
let admin: string;
let adminId: string;

beforeAll(async () => {
  member = await h().register('uu_member');
  moderator = await h().register('uu_moderator');
  await h().promote(moderator.user.id, 'moderator');
  admin = await h().adminToken();
  adminId = (await request(h().http).get('/api/auth/me').set(bearer(admin))).body.user.id;
});

describe('GET /api/users', () => {
  const names = ['pg_alpha', 'pg_bravo', 'PG_charlie', 'pg_delta', 'pg_echo'];
  beforeAll(async () => {
    for (const n of names) await h().register(n);
    await h().register('other_pg');
  });

  it('answers 401 without a session and 403 for a member', async () => {
    expectError(await request(h().http).get('/api/users'), 401, 'unauthenticated');
    expectError(await request(h().http).get('/api/users').set(bearer(member.token)), 403, 'forbidden');
  });

  it('lists users whose username starts with the query, without regard to case, for a moderator', async () => {
    const res = await request(h().http).get('/api/users?query=PG_').set(bearer(moderator.token));
    expect(res.status).toBe(200);
    const usernames = (res.body.items as { username: string }[]).map((u) => u.username);
    expect(usernames.sort()).toEqual([...names].sort());
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items[0]).toEqual({
      id: expect.any(String),
      username: expect.any(String),
      displayName: expect.any(String),
      role: 'member',
      banned: false,
      createdAt: expect.any(String),
      suspendedUntil: null,
    });
  });

  it('pages with nextCursor until it is null, each user once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await request(h().http)
        .get('/api/users')
        .query({ query: 'pg_', limit: 2, ...(cursor ? { cursor } : {}) })
        .set(bearer(admin));
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...(res.body.items as { username: string }[]).map((u) => u.username));
      cursor = res.body.nextCursor as string | null;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.map((s) => s.toLowerCase())).toEqual([...names].map((s) => s.toLowerCase()).sort());
  });

  it.each(['0', '101', 'abc', '-1'])('answers 400 validation_failed for limit=%s', async (limit) => {
    const res = await request(h().http).get(`/api/users?limit=${limit}`).set(bearer(moderator.token));
    expectError(res, 400, 'validation_failed');
    expect(Object.keys(res.body.error.details.fields)).toContain('limit');
  });

  it('answers 400 for a cursor that is not one of its own', async () => {
    expectError(
      await request(h().http).get('/api/users?cursor=garbage').set(bearer(moderator.token)),
      400,
      'validation_failed',
    );
  });
});

describe('PUT /api/users/:id/role', () => {
  it('answers 401 without a session, 403 for a member and for a moderator', async () => {
    const target = member.user.id;
    expectError(
      await request(h().http).put(`/api/users/${target}/role`).send({ role: 'moderator' }),
      401,
      'unauthenticated',
    );
    expectError(
      await request(h().http).put(`/api/users/${target}/role`).set(bearer(member.token)).send({ role: 'moderator' }),
      403,
      'forbidden',
    );
    expectError(
      await request(h().http).put(`/api/users/${target}/role`).set(bearer(moderator.token)).send({ role: 'moderator' }),
      403,
      'forbidden',
    );
    const me = await request(h().http).get('/api/auth/me').set(bearer(member.token));
    expect(me.body.user.role).toBe('member');
  });

  it('lets an admin promote and demote; the new role takes effect on the next request', async () => {
    const u = await h().register('role_target');
    expectError(await request(h().http).get('/api/users').set(bearer(u.token)), 403, 'forbidden');

    const up = await request(h().http)
      .put(`/api/users/${u.user.id}/role`)
      .set(bearer(admin))
      .send({ role: 'moderator' });
    expect(up.status).toBe(200);
    expect(up.body.user).toMatchObject({ id: u.user.id, role: 'moderator' });
    expect((await request(h().http).get('/api/users').set(bearer(u.token))).status).toBe(200);

    const down = await request(h().http)
      .put(`/api/users/${u.user.id}/role`)
      .set(bearer(admin))
      .send({ role: 'member' });
    expect(down.status).toBe(200);
    expect(down.body.user.role).toBe('member');
    expectError(await request(h().http).get('/api/users').set(bearer(u.token)), 403, 'forbidden');
  });

  it('refuses anyone changing their own role, admin included (403)', async () => {
    expectError(
      await request(h().http).put(`/api/users/${adminId}/role`).set(bearer(admin)).send({ role: 'member' }),
      403,
      'forbidden',
    );
    expect((await request(h().http).get('/api/auth/me').set(bearer(admin))).body.user.role).toBe('admin');
  });

  it('lets an admin demote another admin while one remains, and never leaves no admin', async () => {
    const second = await h().register('second_admin');
    await h().promote(second.user.id, 'admin');
    // The second admin may not demote themself, and the demotion of the other admin would leave one.
    expectError(
      await request(h().http)
        .put(`/api/users/${second.user.id}/role`)
        .set(bearer(second.token))
        .send({ role: 'member' }),
      403,
      'forbidden',
    );
    const down = await request(h().http)
      .put(`/api/users/${second.user.id}/role`)
      .set(bearer(admin))
      .send({ role: 'member' });
    expect(down.status).toBe(200);
    // Now the bootstrap admin is the last one: the only account that could demote it is itself.
    expectError(
      await request(h().http).put(`/api/users/${adminId}/role`).set(bearer(admin)).send({ role: 'moderator' }),
      403,
      'forbidden',
    );
    expectError(
      await request(h().http).put(`/api/users/${adminId}/role`).set(bearer(second.token)).send({ role: 'member' }),
      403,
      'forbidden',
    );
  });

  it('answers 404 for an unknown id and for an id that is not an ObjectId', async () => {
    expectError(
      await request(h().http).put(`/api/users/${UNKNOWN_ID}/role`).set(bearer(admin)).send({ role: 'moderator' }),
      404,
      'not_found',
    );
    expectError(
      await request(h().http).put('/api/users/not-an-id/role').set(bearer(admin)).send({ role: 'moderator' }),
      404,
      'not_found',
    );
  });

  it.each([{ role: 'owner' }, { role: 'ADMIN' }, {}, { role: 'moderator', extra: 1 }])(
    'answers 400 validation_failed for the body %j',
    async (body) => {
      const res = await request(h().http).put(`/api/users/${member.user.id}/role`).set(bearer(admin)).send(body);
      expectError(res, 400, 'validation_failed');
    },
  );
});

async function commentsOf(articleId: string, token?: string) {
  const req = request(h().http).get(`/api/articles/${articleId}/comments?limit=100`);
  const res = await (token ? req.set(bearer(token)) : req);
  expect(res.status).toBe(200);
  return res.body.items as { id: string; status: string; body: string; html: string }[];
}

async function commentCount(articleId: string): Promise<number> {
  const res = await request(h().http).get(`/api/articles/${articleId}`);
  expect(res.status).toBe(200);
  return res.body.article.commentCount as number;
}

describe('POST /api/users/:id/ban and /unban', () => {
  it('answers 401 without a session and 403 for a member', async () => {
    const target = await h().register('ban_victim_1');
    expectError(
      await request(h().http).post(`/api/users/${target.user.id}/ban`).send({ reason: 'x' }),
      401,
      'unauthenticated',
    );
    expectError(
      await request(h().http).post(`/api/users/${target.user.id}/ban`).set(bearer(member.token)).send({ reason: 'x' }),
      403,
      'forbidden',
    );
    expectError(await request(h().http).post(`/api/users/${target.user.id}/unban`), 401, 'unauthenticated');
    expectError(
      await request(h().http).post(`/api/users/${target.user.id}/unban`).set(bearer(member.token)),
      403,
      'forbidden',
    );
    expect((await request(h().http).get('/api/auth/me').set(bearer(target.token))).status).toBe(200);
  });

  it("lets a moderator ban a member: the member's live token stops on the next request; unban lets them log in again", async () => {
    const target = await h().register('ban_victim_2');
    expect((await target.agent.get('/api/auth/me')).status).toBe(200);

    const res = await request(h().http)
      .post(`/api/users/${target.user.id}/ban`)
      .set(bearer(moderator.token))
      .send({ reason: 'trolling' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: target.user.id, banned: true });

    expectError(await request(h().http).get('/api/auth/me').set(bearer(target.token)), 401, 'unauthenticated');
    expectError(await target.agent.get('/api/auth/me'), 401, 'unauthenticated');
    // On another instance of the server too.
    expectError(
      await request(h().secondApp().app).get('/api/auth/me').set(bearer(target.token)),
      401,
      'unauthenticated',
    );

    const unban = await request(h().http).post(`/api/users/${target.user.id}/unban`).set(bearer(moderator.token));
    expect(unban.status).toBe(200);
    expect(unban.body.user).toMatchObject({ id: target.user.id, banned: false });
    // The sessions the ban ended stay ended; a new login works.
    expectError(await request(h().http).get('/api/auth/me').set(bearer(target.token)), 401, 'unauthenticated');
    const login = await request(h().http)
      .post('/api/auth/login')
      .send({ username: 'ban_victim_2', password: PASSWORD });
    expect(login.status).toBe(200);
  });

  it('refuses a moderator banning a moderator (403) and lets an admin do it', async () => {
    const otherMod = await h().register('ban_mod_target');
    await h().promote(otherMod.user.id, 'moderator');
    expectError(
      await request(h().http)
        .post(`/api/users/${otherMod.user.id}/ban`)
        .set(bearer(moderator.token))
        .send({ reason: 'coup' }),
      403,
      'forbidden',
    );
    expect((await request(h().http).get('/api/auth/me').set(bearer(otherMod.token))).status).toBe(200);

    const res = await request(h().http)
      .post(`/api/users/${otherMod.user.id}/ban`)
      .set(bearer(admin))
      .send({ reason: 'abuse of tools' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ banned: true, role: 'moderator' });
    expectError(await request(h().http).get('/api/auth/me').set(bearer(otherMod.token)), 401, 'unauthenticated');

    // Only an admin unbans a moderator.
    expectError(
      await request(h().http).post(`/api/users/${otherMod.user.id}/unban`).set(bearer(moderator.token)),
      403,
      'forbidden',
    );
    expect((await request(h().http).post(`/api/users/${otherMod.user.id}/unban`).set(bearer(admin))).status).toBe(200);
  });

  it('refuses anybody banning an admin (403)', async () => {
    const second = await h().register('ban_admin_target');
    await h().promote(second.user.id, 'admin');
    expectError(
      await request(h().http).post(`/api/users/${adminId}/ban`).set(bearer(moderator.token)).send({ reason: 'x' }),
      403,
      'forbidden',
    );
    expectError(
      await request(h().http).post(`/api/users/${adminId}/ban`).set(bearer(second.token)).send({ reason: 'x' }),
      403,
      'forbidden',
    );
    expectError(
      await request(h().http).post(`/api/users/${second.user.id}/ban`).set(bearer(admin)).send({ reason: 'x' }),
      403,
      'forbidden',
    );
    expect((await request(h().http).get('/api/auth/me').set(bearer(admin))).status).toBe(200);
    expect((await request(h().http).get('/api/auth/me').set(bearer(second.token))).status).toBe(200);
  });

  it('answers 404 for unknown and malformed ids, 400 without a reason', async () => {
    expectError(
      await request(h().http).post(`/api/users/${UNKNOWN_ID}/ban`).set(bearer(admin)).send({ reason: 'x' }),
      404,
      'not_found',
    );
    expectError(
      await request(h().http).post('/api/users/nope/ban').set(bearer(admin)).send({ reason: 'x' }),
      404,
      'not_found',
    );
    expectError(await request(h().http).post(`/api/users/${UNKNOWN_ID}/unban`).set(bearer(admin)), 404, 'not_found');
    const res = await request(h().http).post(`/api/users/${member.user.id}/ban`).set(bearer(admin)).send({});
    expectError(res, 400, 'validation_failed');
    expect(Object.keys(res.body.error.details.fields)).toContain('reason');
    expectError(
      await request(h().http)
        .post(`/api/users/${member.user.id}/ban`)
        .set(bearer(admin))
        .send({ reason: 'x', removeComments: 'yes' }),
      400,
      'validation_failed',
    );
    expect((await request(h().http).get('/api/auth/me').set(bearer(member.token))).status).toBe(200);
  });

  it('with removeComments removes each visible comment: readers see them removed and empty, the count drops', async () => {
    const spammer = await h().register('ban_spammer');
    const bystander = await h().register('ban_bystander');
    const article = await h().newArticle();
    const spam1 = await h().comment(spammer.token, article.id, 'buy cheap things');
    const spam2 = await h().comment(spammer.token, article.id, 'more cheap things');
    const spam3 = await h().comment(spammer.token, article.id, 'deleted by its author');
    expect((await request(h().http).delete(`/api/comments/${spam3}`).set(bearer(spammer.token))).status).toBe(200);
    const fine = await h().comment(bystander.token, article.id, 'a real comment');
    expect(await commentCount(article.id)).toBe(3);

    const res = await request(h().http)
      .post(`/api/users/${spammer.user.id}/ban`)
      .set(bearer(moderator.token))
      .send({ reason: 'spam', removeComments: true });
    expect(res.status).toBe(200);

    expect(await commentCount(article.id)).toBe(1);
    const byId = new Map((await commentsOf(article.id, bystander.token)).map((c) => [c.id, c]));
    for (const id of [spam1, spam2]) expect(byId.get(id)).toMatchObject({ status: 'removed', body: '', html: '' });
    expect(byId.get(spam3)).toMatchObject({ status: 'deleted', body: '' });
    expect(byId.get(fine)).toMatchObject({ status: 'visible', body: 'a real comment' });
    const anonymous = await request(h().http).get(`/api/comments/${spam1}`);
    expect(anonymous.body.comment).toMatchObject({ status: 'removed', body: '' });
    // Moderators still read what was removed.
    const forModerator = new Map((await commentsOf(article.id, moderator.token)).map((c) => [c.id, c]));
    expect(forModerator.get(spam1)).toMatchObject({ status: 'removed', body: 'buy cheap things' });
  });

  it('without removeComments leaves the comments visible', async () => {
    const u = await h().register('ban_keep');
    const article = await h().newArticle();
    const c = await h().comment(u.token, article.id, 'I stay');
    expect(
      (await request(h().http).post(`/api/users/${u.user.id}/ban`).set(bearer(admin)).send({ reason: 'rude' })).status,
    ).toBe(200);
    expect((await request(h().http).get(`/api/comments/${c}`)).body.comment).toMatchObject({
      status: 'visible',
      body: 'I stay',
    });
    expect(await commentCount(article.id)).toBe(1);
  });
});

describe('the last admin, under concurrency', () => {
  it('two admins demoting each other at once never leave the server without an admin', async () => {
    // Leave exactly two admins: the bootstrap one and a new one.
    const everyone = await request(h().http).get('/api/users?limit=100').set(bearer(admin));
    for (const u of everyone.body.items as { id: string; role: string }[])
      if (u.role === 'admin' && u.id !== adminId) await h().promote(u.id, 'member');
    const other = await h().register('race_admin');
    await h().promote(other.user.id, 'admin');
    const [a, b] = await Promise.all([
      request(h().http).put(`/api/users/${other.user.id}/role`).set(bearer(admin)).send({ role: 'member' }),
      request(h().http).put(`/api/users/${adminId}/role`).set(bearer(other.token)).send({ role: 'member' }),
    ]);
    // At most one of them may succeed; the other is refused as the last admin's demotion.
    expect([a.status, b.status].filter((s) => s === 200).length).toBeLessThanOrEqual(1);
    for (const res of [a, b]) if (res.status !== 200) expectError(res, 403, 'forbidden');
    const roles = await Promise.all(
      [admin, other.token].map(
        async (t) => (await request(h().http).get('/api/auth/me').set(bearer(t))).body.user.role as string,
      ),
    );
    expect(roles).toContain('admin');
  });
});
