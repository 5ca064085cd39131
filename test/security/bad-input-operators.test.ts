// Bad input (issue 8): MongoDB operators in body, query and path are refused in the envelope and write nothing.
import request from 'supertest';
import { bearer, expectError, PASSWORD, type Registered } from '../api/harness';
import { useBadInput } from './bad-input-kit';

const { h, fixtures, expectRefusedWithoutWrite } = useBadInput();
let member: Registered, moderatorToken: string, articleId: string;
beforeAll(() => ({ member, moderatorToken, articleId } = fixtures()));

describe('MongoDB operators where a string or an id belongs', () => {
  it.each([
    ['username {$gt: ""}', { username: { $gt: '' }, password: PASSWORD }],
    ['password {$ne: null}', { username: 'input_member', password: { $ne: null } }],
    ['both as operators', { username: { $regex: '.*' }, password: { $exists: true } }],
  ])('login with %s is a validation error, never a sign-in', async (_what, body) => {
    const res = await request(h().http).post('/api/auth/login').send(body);
    expectError(res, 400, 'validation_failed');
    expect(res.body.token).toBeUndefined();
  });

  it.each([
    ['parentId', { body: 'reply', parentId: { $ne: null } }],
    ['quoteId', { body: 'quote', quoteId: { $gt: '' } }],
    ['clientId', { body: 'retry', clientId: { $exists: true } }],
    ['body', { body: { $gt: '' } }],
  ])('a comment with an operator in %s is refused', async (field, body) => {
    const res = await expectRefusedWithoutWrite(
      () => request(h().http).post(`/api/articles/${articleId}/comments`).set(bearer(member.token)).send(body),
      400,
      'validation_failed',
    );
    expect(Object.keys(res.body.error.details.fields)).toContain(field);
  });

  it.each([
    `/api/articles/ARTICLE/comments?cursor[$gt]=`,
    `/api/articles/ARTICLE/comments?limit[$gt]=0`,
    `/api/articles/ARTICLE/comments?around[$ne]=x`,
    `/api/articles/ARTICLE/events?after[$gt]=0`,
    `/api/articles?cursor[$ne]=x`,
    `/api/users?query[$regex]=.*`,
    `/api/users?query=a&query=b`,
    `/api/moderation/reports?status[$ne]=open`,
  ])('the query %s is 400, never a query the store runs', async (path) => {
    const res = await request(h().http).get(path.replace('ARTICLE', articleId)).set(bearer(moderatorToken));
    expectError(res, 400, 'validation_failed');
  });

  /** A cursor as the server encodes them (base64url JSON), forged to carry operators or other shapes. */
  const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    ['comments', 'ARTICLE_COMMENTS', { s: { $gt: 0 }, d: 'oldest' }],
    ['comments', 'ARTICLE_COMMENTS', { s: 1, d: { $ne: 'x' } }],
    ['comments', 'ARTICLE_COMMENTS', { s: -1, d: 'oldest' }],
    ['articles', '/api/articles', { at: { $gt: '' }, id: '0123456789abcdef01234567' }],
    ['articles', '/api/articles', { at: '2026-01-01T00:00:00.000Z', id: { $ne: null } }],
    ['users', '/api/users', { k: { $gt: '' }, id: '0123456789abcdef01234567' }],
    ['reports', '/api/moderation/reports', { at: { $gt: '' }, id: '0123456789abcdef01234567' }],
    ['log', '/api/moderation/log', { at: '2026-01-01T00:00:00.000Z', id: { $regex: '.*' } }],
    ['articles', '/api/articles', '__proto__'],
  ])('a forged %s cursor (%s) carrying %j is 400', async (_list, path, value) => {
    const base = path === 'ARTICLE_COMMENTS' ? `/api/articles/${articleId}/comments` : path;
    const res = await request(h().http)
      .get(`${base}?cursor=${forged(value)}`)
      .set(bearer(moderatorToken));
    expectError(res, 400, 'validation_failed');
    expect(Object.keys(res.body.error.details.fields)).toEqual(['cursor']);
  });

  it.each([
    '/api/comments/%7B%22%24gt%22%3A%22%22%7D',
    '/api/comments/%24ne',
    '/api/articles/%7B%22%24regex%22%3A%22.*%22%7D',
    '/api/articles/%7B%22%24gt%22%3A%22%22%7D/comments',
    '/api/articles/%7B%22%24gt%22%3A%22%22%7D/events',
  ])('the path %s is 404', async (path) => {
    expectError(await request(h().http).get(path), 404, 'not_found');
  });

  it('an operator-shaped id in a write path is 404 and writes nothing', async () => {
    await expectRefusedWithoutWrite(
      () =>
        request(h().http)
          .patch('/api/comments/%7B%22%24gt%22%3A%22%22%7D')
          .set(bearer(member.token))
          .send({ body: 'x' }),
      404,
      'not_found',
    );
    await expectRefusedWithoutWrite(
      () =>
        request(h().http)
          .post('/api/users/%7B%22%24ne%22%3Anull%7D/ban')
          .set(bearer(moderatorToken))
          .send({ reason: 'x' }),
      404,
      'not_found',
    );
  });
});
