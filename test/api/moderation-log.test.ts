// The moderation log (contract: Moderation): what it records, and what it leaves out.
import request from 'supertest';
import { bearer, expectError, type Registered } from './harness';
import { useModeration } from './moderation-kit';

const { h, fixtures, report } = useModeration();
let author: Registered, reporterA: Registered, moderator: Registered;
let admin: string, articleId: string;
beforeAll(() => ({ author, reporterA, moderator, admin, articleId } = fixtures()));

interface LogItem {
  id: string;
  actor: { id: string; username: string; displayName: string };
  action: string;
  targetId: string;
  reason: string | null;
  at: string;
}

async function log(token = moderator.token, query: Record<string, string | number> = {}): Promise<request.Response> {
  return request(h().http).get('/api/moderation/log').query(query).set(bearer(token));
}

describe('GET /api/moderation/log', () => {
  it('answers 401 without a session, 403 for a member, 400 for a bad limit', async () => {
    expectError(await request(h().http).get('/api/moderation/log'), 401, 'unauthenticated');
    expectError(await log(reporterA.token), 403, 'forbidden');
    expectError(await log(moderator.token, { limit: 0 }), 400, 'validation_failed');
    expectError(await log(moderator.token, { limit: 101 }), 400, 'validation_failed');
  });

  it('records every kind of action with actor, action, target, reason and time, newest first', async () => {
    const modId = moderator.user.id;
    const c = await h().comment(author.token, articleId, 'logged comment');
    const victim = await h().register('md_victim');
    const expected: { action: string; targetId: string; reason: string | null; actorId: string }[] = [];
    const step = async (req: request.Test, entry: (typeof expected)[number]) => {
      const res = await req;
      expect([res.status, res.body]).toEqual([200, expect.anything()]);
      expected.push(entry);
    };

    await step(
      request(h().http)
        .patch(`/api/comments/${c}`)
        .set(bearer(moderator.token))
        .send({ body: 'edited by a moderator' }),
      { action: 'edit', targetId: c, reason: null, actorId: modId },
    );
    await step(
      request(h().http).post(`/api/comments/${c}/remove`).set(bearer(moderator.token)).send({ reason: 'r1' }),
      { action: 'remove', targetId: c, reason: 'r1', actorId: modId },
    );
    await step(request(h().http).post(`/api/comments/${c}/restore`).set(bearer(moderator.token)), {
      action: 'restore',
      targetId: c,
      reason: null,
      actorId: modId,
    });
    await report(reporterA.token, c, 'x');
    await step(
      request(h().http).post(`/api/comments/${c}/reports/dismiss`).set(bearer(moderator.token)).send({ reason: 'ok' }),
      { action: 'dismiss', targetId: c, reason: 'ok', actorId: modId },
    );
    await step(
      request(h().http).post(`/api/users/${victim.user.id}/ban`).set(bearer(moderator.token)).send({ reason: 'r2' }),
      { action: 'ban', targetId: victim.user.id, reason: 'r2', actorId: modId },
    );
    await step(request(h().http).post(`/api/users/${victim.user.id}/unban`).set(bearer(moderator.token)), {
      action: 'unban',
      targetId: victim.user.id,
      reason: null,
      actorId: modId,
    });
    const adminId = (await request(h().http).get('/api/auth/me').set(bearer(admin))).body.user.id as string;
    await step(
      request(h().http).put(`/api/users/${victim.user.id}/role`).set(bearer(admin)).send({ role: 'moderator' }),
      { action: 'role', targetId: victim.user.id, reason: 'moderator', actorId: adminId },
    );
    await step(
      request(h().http).patch(`/api/articles/${articleId}`).set(bearer(moderator.token)).send({ locked: true }),
      { action: 'lock', targetId: articleId, reason: null, actorId: modId },
    );
    await step(
      request(h().http).patch(`/api/articles/${articleId}`).set(bearer(moderator.token)).send({ locked: false }),
      { action: 'unlock', targetId: articleId, reason: null, actorId: modId },
    );

    const res = await log(moderator.token, { limit: 100 });
    expect(res.status).toBe(200);
    const items = res.body.items as LogItem[];
    const newest = items.slice(0, expected.length);
    expect(
      newest.map((i) => ({ action: i.action, targetId: i.targetId, reason: i.reason, actorId: i.actor.id })),
    ).toEqual([...expected].reverse());
    for (const i of newest) {
      expect(i).toEqual({
        id: expect.any(String),
        actor: { id: expect.any(String), username: expect.any(String), displayName: expect.any(String) },
        action: i.action,
        targetId: i.targetId,
        reason: i.reason,
        at: expect.any(String),
      });
    }
    const times = items.map((i) => Date.parse(i.at));
    expect(times.every((t, k) => k === 0 || t <= times[k - 1]!)).toBe(true);
    expect(newest.find((i) => i.action === 'role')!.actor.username).not.toBe('md_moderator');
  });

  it('does not log what is not a moderator action: an author editing or deleting their own comment', async () => {
    const before = ((await log(moderator.token, { limit: 1 })).body.items as LogItem[])[0]?.id;
    const c = await h().comment(author.token, articleId, 'mine');
    expect(
      (await request(h().http).patch(`/api/comments/${c}`).set(bearer(author.token)).send({ body: 'mine, edited' }))
        .status,
    ).toBe(200);
    expect((await request(h().http).delete(`/api/comments/${c}`).set(bearer(author.token))).status).toBe(200);
    expect(((await log(moderator.token, { limit: 1 })).body.items as LogItem[])[0]?.id).toBe(before);
  });

  it('pages with nextCursor until null, each entry once, in the same order as one long page', async () => {
    const whole = (await log(admin, { limit: 100 })).body.items as LogItem[];
    expect(whole.length).toBeGreaterThan(6);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await log(admin, { limit: 3, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...(res.body.items as LogItem[]).map((i) => i.id));
      cursor = res.body.nextCursor as string | null;
      pages += 1;
    } while (cursor && pages < 50);
    expect(seen).toEqual(whole.map((i) => i.id));
    expect(pages).toBe(Math.ceil(whole.length / 3));
  });
});
