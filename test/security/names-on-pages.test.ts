/**
 * Names sit in <bdi> on the pages (docs/security.md, "Names on the pages"): a right-to-left display name
 * ending in digits cannot pull the "@username" or the words beside it into its own direction. Real
 * Chromium on the built client: every place the name shows (comment, quote, header, typing line,
 * moderation queue and log, reply label) holds it as the whole text of a <bdi>.
 */
import type { Page } from 'playwright-core';
import request from 'supertest';
import { bearer } from '../api/harness';
import { commentIdByText, useBrowserSite } from '../e2e/harness';
import { createArticle, postComment, serverEnv } from '../e2e/site';
import { registerAt } from '../helpers/accounts';

jest.setTimeout(90_000);

const scene = useBrowserSite();

// Arabic, then digits: without isolation the digits and the "@" after it would join the right-to-left run.
const RTL_NAME = 'سارة 42';
const RTL_USERNAME = 'sara_rtl';

let slug: string;

beforeAll(async () => {
  const { site } = scene();
  const sara = await registerAt(site.url, RTL_USERNAME, RTL_NAME);
  const article = await createArticle(site, 'Names from right to left');
  slug = article.slug;
  const first = await postComment(site.url, sara.token, article.id, 'An opinion worth quoting.');
  await postComment(site.url, scene().bob.token, article.id, 'I quote it.', { quoteId: first.id });
  // As a moderator, sara's own actions go to the log under her name; the report (after them, since a
  // removal closes reports) puts her comment in the queue.
  const api = request(site.url);
  const promoted = await api.put(`/api/users/${sara.id}/role`).set(bearer(site.adminToken)).send({ role: 'moderator' });
  expect(promoted.status).toBe(200);
  const asSara = bearer(sara.token);
  expect((await api.post(`/api/comments/${first.id}/remove`).set(asSara).send({ reason: 'test' })).status).toBe(200);
  expect((await api.post(`/api/comments/${first.id}/restore`).set(asSara)).status).toBe(200);
  const asBob = bearer(scene().bob.token);
  expect((await api.post(`/api/comments/${first.id}/report`).set(asBob).send({ reason: 'to list' })).status).toBe(202);
});

/**
 * The text nodes that hold the name: each must be the whole content of a <bdi>. Answers how many there
 * are, so a page that no longer shows the name cannot pass by showing nothing.
 */
async function expectNameIsolated(page: Page, name: string): Promise<number> {
  const found = (await page.evaluate(`(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const out = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.includes(${JSON.stringify(name)})) continue;
      const bdi = node.parentElement && node.parentElement.closest('bdi');
      out.push({ text: node.data, isolated: !!bdi && bdi.textContent === ${JSON.stringify(name)} });
    }
    return out;
  })()`)) as { text: string; isolated: boolean }[];
  for (const node of found) expect(node).toEqual({ text: name, isolated: true });
  return found.length;
}

test('the article page: the comment, the quote, the header, the reply label and the typing line', async () => {
  const page = await scene().openPage(`/articles/${slug}`, RTL_USERNAME);
  await page.getByText('I quote it.').waitFor({ timeout: 15_000 });
  const sarasComment = await commentIdByText(page, 'An opinion worth quoting.');
  await page.locator(`#c-${sarasComment} > article`).getByRole('button', { name: 'Reply' }).click();
  // The comment's name, the quote's author, the header (signed in as sara), the reply form's label.
  expect(await expectNameIsolated(page, RTL_NAME)).toBeGreaterThanOrEqual(4);
  await expect(page.locator('.whoami .handle').textContent()).resolves.toBe(`@${RTL_USERNAME}`);

  const reader = await scene().openPage(`/articles/${slug}`, 'bob');
  await reader.getByText('2 readers here').waitFor({ timeout: 10_000 });
  await page.getByLabel('Your comment').pressSequentially('Thinking', { delay: 20 });
  await reader.locator('.typing bdi').waitFor({ timeout: 5000 });
  await expect(reader.locator('.typing').textContent()).resolves.toBe(`${RTL_NAME} is typing…`);
  expect(await expectNameIsolated(reader, RTL_NAME)).toBeGreaterThanOrEqual(3);
});

test('the moderation page: the queue and the log', async () => {
  const page = await scene().openPage('/moderation', serverEnv.ADMIN_USERNAME);
  await page.locator('.mod-item', { hasText: 'An opinion worth quoting.' }).waitFor({ timeout: 15_000 });
  await page.locator('.mod-log bdi', { hasText: RTL_NAME }).first().waitFor({ timeout: 15_000 });
  // The queue's author line, and sara's remove and restore in the log.
  expect(await expectNameIsolated(page, RTL_NAME)).toBeGreaterThanOrEqual(3);
});
