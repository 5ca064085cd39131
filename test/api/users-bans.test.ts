// Bans (contract: Moderation): who may ban whom, what a ban stops, and the comments it removes.
import request from 'supertest';
import { bearer, expectError, PASSWORD, UNKNOWN_ID, type Registered } from './harness';
import { useUsers } from './users-kit';

const { h, fixtures } = useUsers();
let member: Registered, moderator: Registered, admin: string, adminId: string;
beforeAll(() => ({ member, moderator, admin, adminId } = fixtures()));

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
