// Roles (contract: Accounts, sessions, roles): who may change them, and never no admin.
import request from 'supertest';
import { bearer, expectError, UNKNOWN_ID, type Registered } from './harness';
import { useUsers } from './users-kit';

const { h, fixtures } = useUsers();
let member: Registered, moderator: Registered, admin: string, adminId: string;
beforeAll(() => ({ member, moderator, admin, adminId } = fixtures()));

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
