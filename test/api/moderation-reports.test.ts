// Reports, their queue, dismiss and remove (contract: Comments; Moderation).
import request from 'supertest';
import { bearer, expectError, UNKNOWN_ID, type Registered } from './harness';
import { useModeration, type QueueItem } from './moderation-kit';

const { h, fixtures, queue, report } = useModeration();
let author: Registered, reporterA: Registered, reporterB: Registered, moderator: Registered;
let admin: string, articleId: string;
beforeAll(() => ({ author, reporterA, reporterB, moderator, admin, articleId } = fixtures()));

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

    // Reporting it again would put it back in the queue its removal emptied.
    expectError(await report(reporterB.token, c, 'still there?'), 403, 'forbidden');
    expect((await queue('open')).find((i) => i.comment.id === c)).toBeUndefined();
  });
});
