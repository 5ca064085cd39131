// What the users, roles and bans suites share: a member, a moderator and the admin, signed in.
import request from 'supertest';
import { bearer, useApiHarness, type Registered } from './harness';

export interface UsersFixtures {
  member: Registered;
  moderator: Registered;
  /** The admin's token. */
  admin: string;
  adminId: string;
}

export function useUsers() {
  const h = useApiHarness();
  let fixtures: UsersFixtures | undefined;
  beforeAll(async () => {
    const member = await h().register('uu_member');
    const moderator = await h().register('uu_moderator');
    await h().promote(moderator.user.id, 'moderator');
    const admin = await h().adminToken();
    const adminId = (await request(h().http).get('/api/auth/me').set(bearer(admin))).body.user.id;
    fixtures = { member, moderator, admin, adminId };
  });
  return { h, fixtures: () => fixtures! };
}
