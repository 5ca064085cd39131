/** Suspensions and a user's moderation history (contract v2 "Pre-moderation … suspensions"). */
import request from 'supertest';
import { bearer, expectError, PASSWORD, useApiHarness, type Registered } from './harness';

// The app's clock, moved forward by the tests: a suspension lapses when its time passes, with no job.
let ahead = 0;
const h = useApiHarness({}, { clock: { now: () => new Date(Date.now() + ahead) } });

let moderator: Registered;
let admin: string;
let articleId: string;

beforeAll(async () => {
  moderator = await h().register('su_moderator');
  await h().promote(moderator.user.id, 'moderator');
  admin = await h().adminToken();
  articleId = (await h().newArticle()).id;
});

const HOUR = 3600_000;
const inAnHour = () => new Date(Date.now() + ahead + HOUR).toISOString();
const suspend = (userId: string, body: object, token = moderator.token) =>
  request(h().http).post(`/api/users/${userId}/suspend`).set(bearer(token)).send(body);
const post = (token: string) =>
  request(h().http).post(`/api/articles/${articleId}/comments`).set(bearer(token)).send({ body: 'Hello' });

it('refuses a suspended user’s posts, reactions and reports with the term and reason, until it lapses', async () => {
  const member = await h().register('su_member');
  const other = await h().register('su_other');
  const theirs = await h().comment(other.token, articleId, 'Something to react to.');
  const until = inAnHour();
  const res = await suspend(member.user.id, { until, reason: 'cool down' });
  expect(res.status).toBe(200);
  expect(res.body.user).toMatchObject({ id: member.user.id, suspendedUntil: until });

  const refusals = [
    await post(member.token),
    await request(h().http).put(`/api/comments/${theirs}/reaction`).set(bearer(member.token)),
    await request(h().http).post(`/api/comments/${theirs}/report`).set(bearer(member.token)).send({ reason: 'x' }),
  ];
  for (const refused of refusals) {
    expectError(refused, 403, 'forbidden');
    expect(refused.body.error.details).toEqual({ suspendedUntil: until, reason: 'cool down' });
  }
  // Reading and signing in still work, and the account shows the term.
  expect((await request(h().http).get(`/api/articles/${articleId}/comments`).set(bearer(member.token))).status).toBe(
    200,
  );
  const login = await request(h().http).post('/api/auth/login').send({ username: 'su_member', password: PASSWORD });
  expect(login.status).toBe(200);
  expect(login.body.user.suspendedUntil).toBe(until);

  // An hour and a bit later, nobody having lifted it, it has lapsed.
  ahead += HOUR + 1000;
  expect((await post(member.token)).status).toBe(201);
});

it('is lifted early by unsuspend; User.suspendedUntil is null without one', async () => {
  const member = await h().register('su_lifted');
  expect(member.user).toMatchObject({ suspendedUntil: null });
  await suspend(member.user.id, { until: inAnHour(), reason: 'wait' }).expect(200);
  expectError(await post(member.token), 403, 'forbidden');
  const lifted = await request(h().http).post(`/api/users/${member.user.id}/unsuspend`).set(bearer(moderator.token));
  expect(lifted.status).toBe(200);
  expect(lifted.body.user.suspendedUntil).toBeNull();
  expect((await post(member.token)).status).toBe(201);
});

it('follows the rank rules of bans, and checks its input', async () => {
  const member = await h().register('su_target');
  const otherModerator = await h().register('su_mod2');
  await h().promote(otherModerator.user.id, 'moderator');
  const adminId = (await request(h().http).get('/api/auth/me').set(bearer(admin))).body.user.id as string;
  const body = { until: inAnHour(), reason: 'r' };
  expectError(await suspend(member.user.id, body, member.token), 403, 'forbidden');
  expectError(await suspend(otherModerator.user.id, body), 403, 'forbidden');
  expectError(await suspend(moderator.user.id, body), 403, 'forbidden');
  expectError(await suspend(adminId, body, admin), 403, 'forbidden');
  expect((await suspend(otherModerator.user.id, body, admin)).status).toBe(200);
  expectError(await suspend('0123456789abcdef01234567', body), 404, 'not_found');
  expectError(
    await suspend(member.user.id, { until: new Date(Date.now() + ahead - 1000).toISOString(), reason: 'r' }),
    400,
    'validation_failed',
  );
  expectError(await suspend(member.user.id, { until: 'tomorrow', reason: 'r' }), 400, 'validation_failed');
  expectError(await suspend(member.user.id, { until: inAnHour() }), 400, 'validation_failed');
  expectError(
    await request(h().http).post(`/api/users/${otherModerator.user.id}/unsuspend`).set(bearer(moderator.token)),
    403,
    'forbidden',
  );
});

it('GET /api/users/:id/history: comments of every status, reports made and received, actions, newest first', async () => {
  const subject = await h().register('su_subject');
  const reporter = await h().register('su_reporter');
  const visible = await h().comment(subject.token, articleId, 'A visible one.');
  await request(h().http).put(`/api/users/${subject.user.id}/premod`).set(bearer(moderator.token)).send({ on: true });
  const held = await post(subject.token);
  expect(held.body.comment.status).toBe('pending');
  const reportBody = (reason: string) => ({ reason });
  await request(h().http).post(`/api/comments/${visible}/report`).set(bearer(reporter.token)).send(reportBody('mean'));
  const reporterComment = await h().comment(reporter.token, articleId, 'Theirs.');
  await request(h().http)
    .post(`/api/comments/${reporterComment}/report`)
    .set(bearer(subject.token))
    .send(reportBody('spam'))
    .expect(202);
  await request(h().http).post(`/api/comments/${held.body.comment.id}/reject`).set(bearer(moderator.token)).send({});
  await suspend(subject.user.id, { until: inAnHour(), reason: 'history' }).expect(200);

  const get = (q = '') =>
    request(h().http).get(`/api/users/${subject.user.id}/history${q}`).set(bearer(moderator.token));
  const all = await get('?limit=100');
  expect(all.status).toBe(200);
  expect(all.body.user).toMatchObject({ id: subject.user.id, premod: true, suspendedUntil: expect.any(String) });
  const summary = all.body.items.map(
    (i: { kind: string; comment?: { status: string }; action?: { action: string } }) =>
      i.kind === 'comment'
        ? `comment ${i.comment!.status}`
        : i.kind === 'action'
          ? `action ${i.action!.action}`
          : i.kind,
  );
  expect(summary).toEqual([
    'action suspend',
    'action reject',
    'report-made',
    'report-received',
    'comment rejected',
    'action premod',
    'comment visible',
  ]);
  const times = all.body.items.map((i: { at: string }) => i.at);
  expect([...times].sort().reverse()).toEqual(times);
  expect(all.body.nextCursor).toBeNull();

  // Paged two at a time: the same items, once each.
  const paged: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await get(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    paged.push(...page.body.items.map((i: { at: string; kind: string }) => `${i.kind}@${i.at}`));
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(paged).toEqual(all.body.items.map((i: { at: string; kind: string }) => `${i.kind}@${i.at}`));
  expectError(
    await request(h().http).get(`/api/users/${subject.user.id}/history`).set(bearer(subject.token)),
    403,
    'forbidden',
  );
});
