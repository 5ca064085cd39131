// Listing users (contract: Accounts, sessions, roles).
import request from 'supertest';
import { bearer, expectError, type Registered } from './harness';
import { useUsers } from './users-kit';

const { h, fixtures } = useUsers();
let member: Registered, moderator: Registered, admin: string;
beforeAll(() => ({ member, moderator, admin } = fixtures()));

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

  it('lists nobody for a query that no username can start with, rather than ignoring its odd characters', async () => {
    for (const query of ['pg_a.*', '(pg', 'pg alpha']) {
      const res = await request(h().http).get('/api/users').query({ query }).set(bearer(moderator.token));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
    }
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
