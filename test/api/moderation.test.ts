/** Reports, their queue, dismiss, remove, and the moderation log (contract: Comments; Moderation). */
import request from 'supertest';
import { bearer, useApiHarness, type Registered, expectError } from './harness';

const h = useApiHarness();

interface QueueItem {
  comment: { id: string; body: string; status: string };
  reports: { by: { id: string; username: string; displayName: string }; reason: string; at: string }[];
  status: 'open' | 'closed';
}

const UNKNOWN_ID = '0123456789abcdef01234567';

let author: Registered;
let reporterA: Registered;
let reporterB: Registered;
let moderator: Registered;
let admin: string;
let articleId: string;

beforeAll(async () => {
  author = await h().register('md_author');
  reporterA = await h().register('md_rep_a');
  reporterB = await h().register('md_rep_b');
  moderator = await h().register('md_moderator');
  await h().promote(moderator.user.id, 'moderator');
  admin = await h().adminToken();
  articleId = (await h().newArticle()).id;
});

async function queue(status: 'open' | 'closed', token = moderator.token, limit = 100): Promise<QueueItem[]> {
  const res = await request(h().http).get(`/api/moderation/reports?status=${status}&limit=${limit}`).set(bearer(token));
  expect(res.status).toBe(200);
  return res.body.items as QueueItem[];
}

const report = (token: string, commentId: string, reason: string) =>
  request(h().http).post(`/api/comments/${commentId}/report`).set(bearer(token)).send({ reason });

describe('POST /api/comments/:id/report', () => {
  it('answers 202; a second report by the same user is also 202 and counts once', async () => {
    const c = await h().comment(author.token, articleId, 'a reportable comment');
    const first = await report(reporterA.token, c, 'rude');
    expect(first.status).toBe(202);
    const again = await report(reporterA.token, c, 'still rude');
    expect(again.status).toBe(202);
    expect((await report(reporterB.token, c, 'off topic')).status).toBe(202);

    const item = (await queue('open')).find((i) => i.comment.id === c);
    expect(item).toBeDefined();
    expect(item!.status).toBe('open');
    expect(item!.comment).toMatchObject({ id: c, body: 'a reportable comment', status: 'visible' });
    expect(item!.reports).toHaveLength(2);
    expect(item!.reports.filter((r) => r.by.id === reporterA.user.id)).toHaveLength(1);
    const fromB = item!.reports.find((r) => r.by.id === reporterB.user.id);
    expect(fromB).toEqual({
      by: { id: reporterB.user.id, username: 'md_rep_b', displayName: 'md_rep_b' },
      reason: 'off topic',
      at: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(fromB!.at))).toBe(false);
  });

  it('keeps one open report per user when the same user reports several times at once', async () => {
    const c = await h().comment(author.token, articleId, 'reported in a hurry');
    const results = await Promise.all([1, 2, 3].map((n) => report(reporterA.token, c, `hurry ${n}`)));
    expect(results.map((r) => r.status)).toEqual([202, 202, 202]);
    const item = (await queue('open')).find((i) => i.comment.id === c);
    expect(item?.reports.map((r) => r.by.id)).toEqual([reporterA.user.id]);
  });

  it('answers 401 without a session, 404 for an unknown comment, 400 without a reason', async () => {
    const c = await h().comment(author.token, articleId, 'another');
    expectError(
      await request(h().http).post(`/api/comments/${c}/report`).send({ reason: 'x' }),
      401,
      'unauthenticated',
    );
    expectError(await report(reporterA.token, UNKNOWN_ID, 'x'), 404, 'not_found');
    expectError(await report(reporterA.token, 'not-an-id', 'x'), 404, 'not_found');
    const missing = await request(h().http).post(`/api/comments/${c}/report`).set(bearer(reporterA.token)).send({});
    expectError(missing, 400, 'validation_failed');
    expect(Object.keys(missing.body.error.details.fields)).toContain('reason');
    expectError(await report(reporterA.token, c, '   '), 400, 'validation_failed');
    expect((await queue('open')).find((i) => i.comment.id === c)).toBeUndefined();
  });
});

describe('GET /api/moderation/reports', () => {
  it('answers 401 without a session and 403 for a member', async () => {
    expectError(await request(h().http).get('/api/moderation/reports?status=open'), 401, 'unauthenticated');
    expectError(
      await request(h().http).get('/api/moderation/reports?status=open').set(bearer(reporterA.token)),
      403,
      'forbidden',
    );
  });

  it('answers 400 for a bad status or limit', async () => {
    expectError(
      await request(h().http).get('/api/moderation/reports?status=pending').set(bearer(moderator.token)),
      400,
      'validation_failed',
    );
    expectError(
      await request(h().http).get('/api/moderation/reports?limit=0').set(bearer(moderator.token)),
      400,
      'validation_failed',
    );
    expectError(
      await request(h().http).get('/api/moderation/reports?limit=101').set(bearer(moderator.token)),
      400,
      'validation_failed',
    );
  });

  it('groups per comment, newest report first, and pages with nextCursor until null', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await h().comment(author.token, articleId, `paged ${i}`);
      expect((await report(reporterB.token, c, `reason ${i}`)).status).toBe(202);
      ids.push(c);
    }
    const all = await queue('open');
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await request(h().http)
        .get('/api/moderation/reports')
        .query({ status: 'open', limit: 2, ...(cursor ? { cursor } : {}) })
        .set(bearer(admin));
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...(res.body.items as QueueItem[]).map((i) => i.comment.id));
      cursor = res.body.nextCursor as string | null;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen).toEqual(all.map((i) => i.comment.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(all.length / 2));
    // Newest first: the last reported comment leads the queue.
    expect(seen.slice(0, 5)).toEqual([...ids].reverse());
  });
});

describe('dismiss and remove close reports', () => {
  it('POST /api/comments/:id/reports/dismiss closes them: gone from the open queue, listed as closed', async () => {
    const c = await h().comment(author.token, articleId, 'to dismiss');
    await report(reporterA.token, c, 'meh');
    expectError(await request(h().http).post(`/api/comments/${c}/reports/dismiss`).send({}), 401, 'unauthenticated');
    expectError(
      await request(h().http).post(`/api/comments/${c}/reports/dismiss`).set(bearer(reporterA.token)).send({}),
      403,
      'forbidden',
    );
    expectError(
      await request(h().http).post(`/api/comments/${UNKNOWN_ID}/reports/dismiss`).set(bearer(moderator.token)).send({}),
      404,
      'not_found',
    );

    const res = await request(h().http)
      .post(`/api/comments/${c}/reports/dismiss`)
      .set(bearer(moderator.token))
      .send({ reason: 'fine' });
    expect(res.status).toBe(200);
    expect((await queue('open')).find((i) => i.comment.id === c)).toBeUndefined();
    const closed = (await queue('closed')).find((i) => i.comment.id === c);
    expect(closed).toMatchObject({ status: 'closed', comment: { id: c, status: 'visible' } });
    expect(closed!.reports).toHaveLength(1);

    // The same user may report again after a dismissal: a new open report.
    expect((await report(reporterA.token, c, 'again')).status).toBe(202);
    expect((await queue('open')).find((i) => i.comment.id === c)?.reports).toHaveLength(1);
  });

  it('POST /api/comments/:id/remove removes the comment and closes its open reports', async () => {
    const c = await h().comment(author.token, articleId, 'to remove');
    await report(reporterA.token, c, 'bad');
    await report(reporterB.token, c, 'worse');
    expectError(await request(h().http).post(`/api/comments/${c}/remove`).send({}), 401, 'unauthenticated');
    expectError(
      await request(h().http).post(`/api/comments/${c}/remove`).set(bearer(author.token)).send({}),
      403,
      'forbidden',
    );

    const res = await request(h().http)
      .post(`/api/comments/${c}/remove`)
      .set(bearer(moderator.token))
      .send({ reason: 'abusive' });
    expect(res.status).toBe(200);
    expect(res.body.comment).toMatchObject({ id: c, status: 'removed' });
    expect((await queue('open')).find((i) => i.comment.id === c)).toBeUndefined();
    const closed = (await queue('closed')).find((i) => i.comment.id === c);
    expect(closed?.reports).toHaveLength(2);
    expect(closed?.comment.status).toBe('removed');
    const forReader = await request(h().http).get(`/api/comments/${c}`).set(bearer(reporterA.token));
    expect(forReader.body.comment).toMatchObject({ status: 'removed', body: '' });
  });
});

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
