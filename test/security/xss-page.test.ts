/**
 * XSS vectors in comment bodies, display names and article titles never become markup in the pages
 * (issue 8): real Chromium on the built client, served by the server as its own process. Each vector
 * would set `window.__xss` if it ran; the test checks that none did, that the page holds no element or
 * link the vectors tried to make, that the text shows as text, and that no CSP violation happened (a
 * violation would mean an injected element reached the DOM and only the CSP stopped it).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { ADMIN_PASSWORD, ADMIN_USERNAME, bearer } from '../api/harness';
import { buildClient, launchChromium, watchProblems, type PageProblems } from '../e2e/browser';
import { createArticle, postComment, startSite, stopSite, type Site } from '../e2e/site';
import { registerAt } from '../helpers/accounts';

jest.setTimeout(90_000);

const NAME_VECTOR = '<img src=x onerror="window.__xss=1">';
const TITLE_VECTOR = '<script>window.__xss=2</script> Title';
const BODY_VECTORS = [
  '<script>window.__xss=3</script>',
  '<img src=x onerror="window.__xss=4">',
  '<svg onload="window.__xss=5"></svg>',
  '[click me](javascript:window.__xss=6)',
  '<iframe src="javascript:window.__xss=7"></iframe>',
  '<a href="javascript:window.__xss=8">link</a>',
  '"><img src=x onerror=window.__xss=9>',
];

let site: Site;
let browser: Browser;
let slug: string;
const contexts: { context: BrowserContext; problems: PageProblems }[] = [];

beforeAll(async () => {
  buildClient();
  [site, browser] = await Promise.all([startSite(), launchChromium()]);
  const attacker = await registerAt(site.url, 'xss_attacker', NAME_VECTOR);
  const article = await createArticle(site, TITLE_VECTOR);
  slug = article.slug;
  const ids: string[] = [];
  for (const body of BODY_VECTORS) ids.push((await postComment(site.url, attacker.token, article.id, body)).id);
  // A quote of a vector (its excerpt), and a report and a removal so the moderation page shows them too.
  await postComment(site.url, attacker.token, article.id, 'quoting it', { quoteId: ids[1]! });
  expect(
    (
      await request(site.url)
        .post(`/api/comments/${ids[0]}/report`)
        .set(bearer(attacker.token))
        .send({ reason: NAME_VECTOR })
    ).status,
  ).toBe(202);
  expect(
    (
      await request(site.url)
        .post(`/api/comments/${ids[2]}/remove`)
        .set(bearer(site.adminToken))
        .send({ reason: NAME_VECTOR })
    ).status,
  ).toBe(200);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stopSite(site);
});

afterEach(async () => {
  const problems = contexts.map((c) => c.problems);
  await Promise.all(contexts.splice(0).map((c) => c.context.close()));
  expect(problems.flatMap((p) => p.csp)).toEqual([]);
  expect(problems.flatMap((p) => p.errors)).toEqual([]);
});

async function openPage(path: string, signedInAsAdmin = false): Promise<Page> {
  const context = await browser.newContext();
  contexts.push({ context, problems: await watchProblems(context) });
  if (signedInAsAdmin) {
    const res = await context.request.post(`${site.url}/api/auth/login`, {
      data: { username: ADMIN_USERNAME, password: ADMIN_PASSWORD },
    });
    expect(res.status()).toBe(200);
  }
  const page = await context.newPage();
  await page.goto(site.url + path);
  return page;
}

/** Nothing a vector tried to create: no script-capable element or javascript: link in the page's body, no flag set. */
async function expectNoInjection(page: Page) {
  // Give any handler a moment to run, had one been attached.
  await page.waitForTimeout(300);
  expect(await page.evaluate('window.__xss')).toBeUndefined();
  // The vectors' elements (the app's own markup may have icons, so images and svg count only as the vectors write them).
  expect(await page.locator('body script, img[src="x"], svg[onload], iframe, object, embed').count()).toBe(0);
  expect(await page.locator('[href^="javascript:" i], [src^="javascript:" i]').count()).toBe(0);
  const withHandlers = await page.evaluate(
    `[...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length`,
  );
  expect(withHandlers).toBe(0);
}

test('the article page shows the vectors of the title, the display name, the bodies and a quote as text', async () => {
  const page = await openPage(`/articles/${slug}`);
  await page.getByText(BODY_VECTORS[0]!).first().waitFor({ timeout: 15_000 });
  for (const body of BODY_VECTORS.filter((_, i) => i !== 2 && i !== 3)) {
    expect(await page.getByText(body, { exact: false }).count()).toBeGreaterThan(0);
  }
  expect(await page.getByText(NAME_VECTOR, { exact: false }).count()).toBeGreaterThan(0);
  expect(await page.getByText(TITLE_VECTOR, { exact: false }).count()).toBeGreaterThan(0);
  await expectNoInjection(page);
});

test('the home page lists the title as text', async () => {
  const page = await openPage('/');
  await page.getByText(TITLE_VECTOR, { exact: false }).first().waitFor({ timeout: 15_000 });
  await expectNoInjection(page);
});

test('the moderation page shows reported and removed vectors, reasons and names as text', async () => {
  const page = await openPage('/moderation', true);
  await page.getByText(BODY_VECTORS[0]!).first().waitFor({ timeout: 15_000 });
  await expectNoInjection(page);
});
