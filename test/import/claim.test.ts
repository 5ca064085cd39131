/**
 * Claiming an imported account (contract: v2 Import, "until claimed by an admin"): an admin's one-use link
 * lets its person choose a password and sign in with the imported name, keeping its comments.
 */
import request from 'supertest';
import { bearer, expectError, PASSWORD, UNKNOWN_ID } from '../api/harness';
import { useApiHarness } from '../api/harness';
import { runImport, useExportDir } from './cli';
import { disqusExport } from '../../scripts/lib/export-files';

const h = useApiHarness();
const file = useExportDir();

const THREADS = [{ id: '1', link: 'https://news.example/claim', title: 'Claimed', createdAt: '2021-01-01T08:00:00Z' }];
const POSTS = [
  {
    id: '1',
    thread: '1',
    message: '<p>Old words</p>',
    createdAt: '2021-01-01T09:00:00Z',
    author: 'Kay',
    username: 'kay_old',
  },
];

const login = (password: string) => request(h().http).post('/api/auth/login').send({ username: 'kay_old', password });
const claim = async (id: string, token?: string) =>
  request(h().http)
    .post(`/api/users/${id}/claim`)
    .set(bearer(token ?? (await h().adminToken())))
    .send({});
const confirm = (token: string) =>
  request(h().http).post('/api/auth/password-reset/confirm').send({ token, password: PASSWORD });

test('an admin claims an imported account: its person sets a password and signs in, once', async () => {
  const uri = `mongodb://127.0.0.1:${h().store.db.port}/discussion`;
  expect((await runImport(['--disqus', file('claim.xml', disqusExport(THREADS, POSTS)), '--uri', uri])).code).toBe(0);
  const admin = await h().adminToken();
  const found = await request(h().http).get('/api/users?query=kay_old').set(bearer(admin));
  const kay = found.body.items[0] as { id: string; username: string };
  expect(kay.username).toBe('kay_old');
  expect((await login('anything at all')).status).toBe(401);

  const member = await h().register('claim_member');
  expectError(await request(h().http).post(`/api/users/${kay.id}/claim`).send({}), 401, 'unauthenticated');
  expectError(await claim(kay.id, member.token), 403, 'forbidden');
  expectError(await claim(UNKNOWN_ID), 404, 'not_found');
  expectError(await claim(member.user.id), 409, 'conflict');

  const first = await claim(kay.id);
  const second = await claim(kay.id);
  expect(second.status).toBe(201);
  expect(second.body.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/reset-password#token=[\w-]{43}$/);
  const days = (Date.parse(second.body.expiresAt) - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(6.9);
  expect(days).toBeLessThanOrEqual(7);
  const tokenOf = (url: string) => new URL(url).hash.slice('#token='.length);
  // Only the latest link works, and only once.
  expectError(await confirm(tokenOf(first.body.url)), 400, 'validation_failed');
  expect((await confirm(tokenOf(second.body.url))).status).toBe(204);
  expectError(await confirm(tokenOf(second.body.url)), 400, 'validation_failed');

  const signedIn = await login(PASSWORD);
  expect(signedIn.status).toBe(200);
  expect(signedIn.body.user).toMatchObject({ id: kay.id, username: 'kay_old', displayName: 'Kay' });
  const comments = await request(h().http).get(`/api/users/${kay.id}/comments`);
  expect(comments.body.items.map((c: { body: string }) => c.body)).toEqual(['Old words']);
  expectError(await claim(kay.id), 409, 'conflict');
});
