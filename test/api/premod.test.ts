/** Pre-moderation: what is held, and who sees a held comment (contract v2 "Pre-moderation"). */
import request from 'supertest';
import { bearer, expectError, useApiHarness, type Registered } from './harness';

const h = useApiHarness();

let moderator: Registered;
let admin: string;

beforeAll(async () => {
  moderator = await h().register('pm_moderator');
  await h().promote(moderator.user.id, 'moderator');
  admin = await h().adminToken();
});

const settings = (body: object, token = admin) =>
  request(h().http).put('/api/settings/moderation').set(bearer(token)).send(body);
const post = (token: string, articleId: string, body = 'A held thought.') =>
  request(h().http).post(`/api/articles/${articleId}/comments`).set(bearer(token)).send({ body });
const statusOf = async (token: string, articleId: string, body = 'A comment.') => {
  const res = await post(token, articleId, body);
  expect(res.status).toBe(201);
  return res.body.comment.status as string;
};
const OFF = { premod: 'off', premodFirst: 1, holdLinks: false, suspectWords: [] };

afterEach(async () => {
  expect((await settings(OFF)).status).toBe(200);
});

describe('GET/PUT /api/settings/moderation', () => {
  it('answers the defaults, changes what is given, and is for admins only', async () => {
    const first = await request(h().http).get('/api/settings/moderation').set(bearer(admin));
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ settings: OFF });
    const changed = await settings({ premod: 'new-users', suspectWords: ['casino'] });
    expect(changed.body).toEqual({ settings: { ...OFF, premod: 'new-users', suspectWords: ['casino'] } });
    expect((await request(h().http).get('/api/settings/moderation').set(bearer(admin))).body).toEqual(changed.body);
    expectError(await request(h().http).get('/api/settings/moderation').set(bearer(moderator.token)), 403, 'forbidden');
    expectError(await settings({ premod: 'all' }, moderator.token), 403, 'forbidden');
    expectError(await request(h().http).get('/api/settings/moderation'), 401, 'unauthenticated');
  });

  it('refuses values outside the contract', async () => {
    for (const bad of [
      { premod: 'some' },
      { premodFirst: 0 },
      { holdLinks: 'yes' },
      { suspectWords: [''] },
      { x: 1 },
    ]) {
      const res = await settings(bad);
      expectError(res, 400, 'validation_failed');
    }
  });
});

describe('a held comment', () => {
  it('answers 201 pending, and is seen only by its author and the moderators', async () => {
    const author = await h().register('pm_author');
    const other = await h().register('pm_other');
    const { id: articleId } = await h().newArticle();
    await settings({ premod: 'all' });
    const res = await post(author.token, articleId, 'Wait for me.');
    expect(res.status).toBe(201);
    expect(res.body.comment).toMatchObject({ status: 'pending', body: 'Wait for me.', html: '<p>Wait for me.</p>\n' });
    const id = res.body.comment.id as string;

    // Anonymous readers: not in the list, not in /events, no count, not found by id.
    const list = await request(h().http).get(`/api/articles/${articleId}/comments`);
    expect(list.body.items).toEqual([]);
    expect(list.body.lastSeq).toBe(0);
    const events = await request(h().http).get(`/api/articles/${articleId}/events`);
    expect(events.body).toEqual({ items: [], lastSeq: 0 });
    const article = await request(h().http).get(`/api/articles/${articleId}`);
    expect(article.body.article.commentCount).toBe(0);
    expectError(await request(h().http).get(`/api/comments/${id}`), 404, 'not_found');
    expectError(await request(h().http).get(`/api/comments/${id}`).set(bearer(other.token)), 404, 'not_found');
    // Nobody can reply to it, quote it, react to it or report it while it is held.
    const reply = await request(h().http)
      .post(`/api/articles/${articleId}/comments`)
      .set(bearer(other.token))
      .send({ body: 'Reply', parentId: id });
    expectError(reply, 400, 'validation_failed');
    expectError(await request(h().http).put(`/api/comments/${id}/reaction`).set(bearer(other.token)), 404, 'not_found');

    // Its author and the moderators see it, marked pending, with its text.
    for (const token of [author.token, moderator.token]) {
      const seen = await request(h().http).get(`/api/comments/${id}`).set(bearer(token));
      expect(seen.status).toBe(200);
      expect(seen.body.comment).toMatchObject({ id, status: 'pending', body: 'Wait for me.' });
    }
  });

  it('is never a moderator’s or an admin’s own comment', async () => {
    const { id: articleId } = await h().newArticle();
    await settings({ premod: 'all', holdLinks: true });
    expect(await statusOf(moderator.token, articleId, 'see https://example.com')).toBe('visible');
    expect(await statusOf(admin, articleId)).toBe('visible');
  });
});

describe('what is held', () => {
  it('new-users: a user’s first premodFirst comments, counting published ones only', async () => {
    const { id: articleId } = await h().newArticle();
    const newcomer = await h().register('pm_newcomer');
    await settings({ premod: 'new-users', premodFirst: 2 });
    const first = await post(newcomer.token, articleId, 'first');
    expect(first.body.comment.status).toBe('pending');
    // Still held: the first is not published yet.
    expect(await statusOf(newcomer.token, articleId)).toBe('pending');
    const approved = await request(h().http)
      .post(`/api/comments/${first.body.comment.id}/approve`)
      .set(bearer(moderator.token));
    expect(approved.status).toBe(200);
    expect(await statusOf(newcomer.token, articleId)).toBe('pending');
    // An author with two published comments is past it (the second published directly, site premod off).
    await settings({ premod: 'off' });
    expect(await statusOf(newcomer.token, articleId)).toBe('visible');
    await settings({ premod: 'new-users', premodFirst: 2 });
    expect(await statusOf(newcomer.token, articleId)).toBe('visible');
  });

  it('holdLinks holds a comment with a link; suspectWords one with a listed word (whole words, any case)', async () => {
    const { id: articleId } = await h().newArticle();
    const writer = await h().register('pm_writer');
    await settings({ holdLinks: true, suspectWords: ['casino'] });
    expect(await statusOf(writer.token, articleId, 'Read [this](https://spam.example).')).toBe('pending');
    expect(await statusOf(writer.token, articleId, 'Visit the CASINO now')).toBe('pending');
    expect(await statusOf(writer.token, articleId, 'casinos are not listed, neither is plain text')).toBe('visible');
  });

  it('per article: "all" holds on a site without premod, "off" lets through a site with it, "inherit" follows', async () => {
    const { id: articleId } = await h().newArticle();
    const reader = await h().register('pm_reader');
    const patch = (premod: string, token = moderator.token) =>
      request(h().http).patch(`/api/articles/${articleId}`).set(bearer(token)).send({ premod });
    const set = await patch('all');
    expect(set.status).toBe(200);
    expect(set.body.article.premod).toBe('all');
    expect(await statusOf(reader.token, articleId)).toBe('pending');
    await patch('off');
    await settings({ premod: 'all' });
    expect(await statusOf(reader.token, articleId)).toBe('visible');
    await patch('inherit');
    expect(await statusOf(reader.token, articleId)).toBe('pending');
    expectError(await patch('sometimes'), 400, 'validation_failed');
    expectError(await patch('all', reader.token), 403, 'forbidden');
  });

  it('per user: PUT /api/users/:id/premod { on } holds all of theirs until turned off (moderators only)', async () => {
    const { id: articleId } = await h().newArticle();
    const watched = await h().register('pm_watched');
    const put = (on: unknown, token = moderator.token) =>
      request(h().http).put(`/api/users/${watched.user.id}/premod`).set(bearer(token)).send({ on });
    expectError(await put(true, watched.token), 403, 'forbidden');
    expectError(await put('yes'), 400, 'validation_failed');
    const on = await put(true);
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ user: { id: watched.user.id }, premod: true });
    expect(await statusOf(watched.token, articleId)).toBe('pending');
    await put(false);
    expect(await statusOf(watched.token, articleId)).toBe('visible');
  });
});
