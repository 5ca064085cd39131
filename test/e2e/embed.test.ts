/**
 * Embedding in a real browser (contract v2): a publisher's page on another site (localhost, while the
 * discussion server is on 127.0.0.1), under a CSP without inline script, embeds a thread with embed.js.
 * Chromium blocks third-party cookies here, so the frame's session must be its Bearer token.
 */
import { SignJWT } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { startChildStore, type ChildStore } from '../../scripts/lib/child-store';
import { freePort } from '../../scripts/lib/free-port';
import { spawnServer, stopServer, type ServerProcess } from '../../scripts/lib/server-process';
import { PASSWORD } from '../api/harness';
import { launchChromium } from '../../scripts/lib/chromium';
import { buildClient } from './browser';
import { launchStrictChromium, startHostSite, type HostSite } from './host-site';
import { serverEnv } from './site';
import { settle } from '../helpers/wait';
import { registerAt } from '../helpers/accounts';

jest.setTimeout(90_000);

/** The host's SSO key (SSO_SECRET on the server); the host's backend signs its readers' tokens with it. */
const SSO_SECRET = 'e2e-host-sso-secret-of-at-least-32-chars';

let store: ChildStore;
let server: ServerProcess;
let host: HostSite;
let foreign: HostSite;
let browser: Browser;
let bob: { id: string; token: string };
const contexts: BrowserContext[] = [];
const problems: string[] = [];

beforeAll(async () => {
  buildClient();
  const [hostPort, foreignPort] = [await freePort(), await freePort()];
  store = await startChildStore();
  const env = { ...serverEnv, EMBED_ORIGINS: `http://localhost:${hostPort}`, SSO_SECRET };
  server = await spawnServer(store.uri('discussion'), 60_000, env);
  [host, foreign, browser] = await Promise.all([
    startHostSite(hostPort, server.url),
    startHostSite(foreignPort, server.url),
    launchStrictChromium(),
  ]);
  await registerAt(server.url, 'carol', 'Carol Reader');
  bob = await registerAt(server.url, 'bob', 'Bob Builder');
}, 120_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  expect(problems.splice(0)).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([host?.close(), foreign?.close()]);
  await stopServer(server);
  await store?.stop();
});

/** A fresh reader; CSP violations and uncaught errors in any of its pages or frames fail the test. */
async function openHostPage(site: HostSite, externalId: string, hash = ''): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
  contexts.push(context);
  // The host's own listeners, as a publisher would add them (injected, outside the host's CSP).
  await context.addInitScript({
    content: `window.__events = []; for (const name of ['ready', 'comment-posted', 'signin-request'])
      document.addEventListener('discussion:' + name, () => window.__events.push(name));`,
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() === 'error' && /Content Security Policy|CSP/i.test(text)) problems.push(text);
  });
  await page.goto(`${site.origin}/articles/${externalId}${hash}`);
  return page;
}

const hostEvents = (page: Page) => page.evaluate('window.__events') as Promise<string[]>;
const frameOf = (page: Page) => page.frameLocator('[data-discussion] iframe');
const lookup = async (externalId: string) =>
  (await request(server.url).get('/api/articles/lookup').query({ externalId })).body.article as { id: string };
const iframeHeight = (page: Page) =>
  page.locator('[data-discussion] iframe').evaluate((el) => el.getBoundingClientRect().height);
const postAsBob = (articleId: string, body: string) =>
  request(server.url)
    .post(`/api/articles/${articleId}/comments`)
    .set('Authorization', `Bearer ${bob.token}`)
    .send({ body });

test('a reader on the host page sees a comment posted elsewhere appear live, and the frame grows with it', async () => {
  const page = await openHostPage(host, 'live-1');
  const frame = frameOf(page);
  await frame.getByText('No comments yet').waitFor({ timeout: 15_000 });
  const article = await lookup('live-1');
  const before = await iframeHeight(page);
  for (let i = 1; i <= 4; i++) {
    await postAsBob(article.id, `Posted elsewhere, number ${i}, with a few words to wrap.`).expect(201);
  }
  // Generous bound (shared machine): the live layer is not what is timed here.
  await frame.getByText('Posted elsewhere, number 4').waitFor({ timeout: 10_000 });
  // The host's count span follows live (its poll is every 30 s, longer than this wait).
  const count = () => page.locator('[data-discussion-count]').textContent();
  expect(await settle(count, (t) => t === '4')).toBe('4');
  expect(
    await settle(
      () => iframeHeight(page),
      (h) => h > before + 100,
    ),
  ).toBeGreaterThan(before + 100);
  // The frame shows all of its thread: no scrollbar inside it.
  const inner = await frame.locator('html').evaluate((el) => el.scrollHeight);
  expect(
    await settle(
      () => iframeHeight(page),
      (h) => h >= inner - 1,
    ),
  ).toBeGreaterThanOrEqual(inner - 1);
});

test('sign-in in the frame works with third-party cookies blocked, survives a reload; counts follow', async () => {
  const page = await openHostPage(host, 'signin-1');
  const frame = frameOf(page);
  const auth = frame.locator('.auth-panel');
  await auth.getByLabel('Username').fill('carol');
  await auth.getByLabel('Password').fill(PASSWORD);
  await auth.getByRole('button', { name: 'Sign in' }).click();
  await frame.locator('.frame-account', { hasText: 'Carol Reader' }).waitFor({ timeout: 10_000 });
  await expect(page.locator('[data-discussion-count]').textContent()).resolves.toBe('0');

  await frame.getByLabel('Your comment').fill('Written inside the frame.');
  await frame.getByRole('button', { name: 'Post comment' }).click();
  await frame.getByText('Written inside the frame.').waitFor();
  expect(
    await settle(
      () => hostEvents(page),
      (e) => e.includes('comment-posted'),
    ),
  ).toContain('comment-posted');
  expect(
    await settle(
      () => page.locator('[data-discussion-count]').textContent(),
      (t) => t === '1',
    ),
  ).toBe('1');

  await page.reload();
  await frameOf(page).locator('.frame-account', { hasText: 'Carol Reader' }).waitFor({ timeout: 15_000 });
  await expect(frameOf(page).locator('.auth-panel').count()).resolves.toBe(0);
});

test('a page of a site not in EMBED_ORIGINS cannot frame the thread', async () => {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  const refused = page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 15_000 });
  await page.goto(`${foreign.origin}/articles/foreign-1`);
  await refused;
  await expect(frameOf(page).locator('textarea').count()).resolves.toBe(0);
});

test('a #comment- link opens that comment; the host hears ready, hands an SSO token by postMessage only', async () => {
  const opened = await request(server.url)
    .post('/api/embed/articles')
    .send({ url: `${host.origin}/articles/deep-1`, externalId: 'deep-1', title: 'Deep' })
    .expect(201);
  const ids: string[] = [];
  for (let i = 1; i <= 3; i++) {
    const res = await postAsBob(opened.body.article.id as string, `Deep comment ${i}`);
    ids.push(res.body.comment.id as string);
  }
  const page = await openHostPage(host, 'deep-1', `#comment-${ids[1]}`);
  await frameOf(page).locator(`#c-${ids[1]}.is-highlighted`).waitFor({ timeout: 15_000 });
  expect(
    await settle(
      () => hostEvents(page),
      (e) => e.includes('ready'),
    ),
  ).toContain('ready');

  // A host that signs readers in: the token reaches the frame, which sends it in a request body.
  const ssoRequest = page.waitForRequest((r) => r.url().endsWith('/api/auth/sso'), { timeout: 15_000 });
  await page.evaluate(`(() => { const el = document.querySelector('[data-discussion]');
    el.setAttribute('data-sso', 'host-signed-token'); window.Discussion.render(el); })()`);
  const sent = await ssoRequest;
  expect(sent.postDataJSON()).toEqual({ token: 'host-signed-token' });
  expect(
    page
      .frames()
      .map((f) => f.url())
      .join(' '),
  ).not.toContain('host-signed-token');

  // Not signed in (the server refuses that token), the reader tries to write: the host is asked.
  await frameOf(page).getByLabel('Your comment').fill('Let me in.');
  await frameOf(page).getByRole('button', { name: 'Post comment' }).click();
  expect(
    await settle(
      () => hostEvents(page),
      (e) => e.includes('signin-request'),
    ),
  ).toContain('signin-request');
});

test('a reader signed in by the host (SSO) posts from the frame without typing credentials', async () => {
  const token = await new SignJWT({ displayName: 'Sam Host' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('host-user-77')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SSO_SECRET));
  const page = await openHostPage(host, 'sso-1');
  const frame = frameOf(page);
  await frame.getByLabel('Your comment').waitFor({ timeout: 15_000 });
  // As the host's page would once its backend has signed the token: Discussion.sso(element, token).
  await page.evaluate(`window.Discussion.sso(document.querySelector('[data-discussion]'), ${JSON.stringify(token)})`);
  await frame.locator('.frame-account', { hasText: 'Sam Host' }).waitFor({ timeout: 15_000 });
  await expect(frame.locator('.auth-panel').count()).resolves.toBe(0);

  await frame.getByLabel('Your comment').fill('Signed in by my news site.');
  await frame.getByRole('button', { name: 'Post comment' }).click();
  await frame.locator('.comment', { hasText: 'Signed in by my news site.' }).getByText('Sam Host').waitFor();
  const { items } = (await request(server.url).get(`/api/articles/${(await lookup('sso-1')).id}/comments`)).body;
  const author = expect.objectContaining({ displayName: 'Sam Host' });
  expect(items).toEqual([expect.objectContaining({ body: 'Signed in by my news site.', author })]);
});

test("the server's own pages show an embedded article with a link to the host's page", async () => {
  const url = `${host.origin}/articles/native-1`;
  const { article } = (
    await request(server.url).post('/api/embed/articles').send({ url, externalId: 'native-1', title: 'Native view' })
  ).body;
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  const item = page.locator('.article-list li', { hasText: 'Native view' });
  await expect(item.locator('a.host-link').getAttribute('href')).resolves.toBe(url);
  await page.goto(`${server.url}/articles/${article.slug as string}`);
  await expect(page.locator('.byline a.host-link').getAttribute('href')).resolves.toBe(url);
  await expect(page.locator('.byline a.host-link').textContent()).resolves.toBe(`on ${new URL(url).host}`);
});

test('where the browser refuses the frame any storage, the thread still shows and a reader can post', async () => {
  // Playwright's default flags turn storage partitioning off: a cross-site frame then gets no storage at
  // all (as under a "block third-party storage" setting), and touching sessionStorage throws.
  const strictest = await launchChromium();
  try {
    const page = await strictest.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${host.origin}/articles/no-storage-1`);
    const frame = frameOf(page);
    const auth = frame.locator('.auth-panel');
    await auth.getByLabel('Username').fill('carol');
    await auth.getByLabel('Password').fill(PASSWORD);
    await auth.getByRole('button', { name: 'Sign in' }).click();
    await frame.locator('.frame-account', { hasText: 'Carol Reader' }).waitFor({ timeout: 15_000 });
    await frame.getByLabel('Your comment').fill('Posted without any storage.');
    await frame.getByRole('button', { name: 'Post comment' }).click();
    await frame.locator('.comment', { hasText: 'Posted without any storage.' }).waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
  } finally {
    await strictest.close();
  }
});
