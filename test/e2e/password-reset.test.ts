/**
 * The password reset in a real browser (issue 17), against a server process with mail to a real SMTP
 * server in this process: "Forgot password?" in the sign-in panel, the mailed link, the reset page, and
 * signing in with the new password.
 */
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { startChildStore, type ChildStore } from '../../scripts/lib/child-store';
import { freePort } from '../../scripts/lib/free-port';
import { spawnServer, stopServer, type ServerProcess } from '../../scripts/lib/server-process';
import { bearer } from '../api/harness';
import { linkIn, recipients, startSmtp, type TestSmtp } from '../helpers/smtp';
import { buildClient, launchChromium, watchProblems } from './browser';
import { serverEnv } from './site';
import { registerAt } from '../helpers/accounts';

jest.setTimeout(120_000);

let store: ChildStore | undefined;
let server: ServerProcess | undefined;
let smtp: TestSmtp | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  buildClient();
  [store, smtp, browser] = await Promise.all([startChildStore(), startSmtp(), launchChromium()]);
  const port = await freePort();
  // PUBLIC_URL is the address the browser uses, so the mailed links open this server.
  const mailEnv = { SMTP_URL: smtp.url, MAIL_FROM: 'talk@example.com', PUBLIC_URL: `http://127.0.0.1:${port}` };
  server = await spawnServer(store.uri('discussion'), 60_000, { ...serverEnv, ...mailEnv, PORT: String(port) });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (server) await stopServer(server);
  await Promise.all([store?.stop(), smtp?.close()]);
});

test('a reader who forgot the password gets a link by mail and sets a new one', async () => {
  const url = server!.url;
  const rita = await registerAt(url, 'rita', 'Rita Reset');
  await request(url).patch('/api/auth/me').set(bearer(rita.token)).send({ email: 'rita@mail.example' });
  const confirmation = await smtp!.waitFor((m) => recipients(m).includes('rita@mail.example'));
  expect((await request(url).get(linkIn(confirmation, '/email/confirm').slice(url.length))).status).toBe(303);

  const context = await browser!.newContext();
  const problems = await watchProblems(context);
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Sign in / Register' }).click();
  await page.getByRole('button', { name: 'Forgot password?' }).click();
  await page.getByLabel('Username').fill('rita');
  await page.getByRole('button', { name: 'Mail me a reset link' }).click();
  await page.getByRole('status').filter({ hasText: 'a link to reset its password is on its way' }).waitFor();

  const mail = await smtp!.waitFor((m) => recipients(m).includes('rita@mail.example') && /Reset/.test(m.subject ?? ''));
  await page.goto(linkIn(mail, '/reset-password#token='));
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  expect(new URL(page.url()).hash).toBe('');
  await page.getByLabel('New password', { exact: true }).fill('rita new password');
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.getByRole('status').filter({ hasText: 'Your password is set' }).waitFor();

  await page.getByLabel('Username').fill('rita');
  await page.getByLabel('Password', { exact: true }).fill('rita new password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('.whoami').getByText('Rita Reset').waitFor();
  expect((await request(url).get('/api/auth/me').set(bearer(rita.token))).status).toBe(401);
  await context.close();
  expect(problems.csp).toEqual([]);
  expect(problems.errors).toEqual([]);
});
