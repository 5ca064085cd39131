/**
 * Pre-moderation in the browser (issue 18): a new user's comment is held and shown, awaiting review, to
 * its author only; a moderator approves it from the live queue with the keyboard and readers see it
 * arrive without a reload; a moderator reading the article sees held comments come and go live; the queue
 * works from the keyboard alone; a suspended user is told until when.
 */
import type { Page } from 'playwright-core';
import request from 'supertest';
import { bearer } from '../api/harness';
import { articlePath, commentIdByText, live, own, useBrowserSite } from './harness';
import { createArticle, postComment, serverEnv } from './site';
import { registerAt } from '../helpers/accounts';

jest.setTimeout(90_000);

const scene = useBrowserSite();
const site = () => scene().site;
const admin = serverEnv.ADMIN_USERNAME;

async function setPremod(premod: 'off' | 'all' | 'new-users'): Promise<void> {
  const res = await request(site().url)
    .put('/api/settings/moderation')
    .set(bearer(site().adminToken))
    .send({ premod, premodFirst: 1, holdLinks: false, suspectWords: [] });
  expect(res.status).toBe(200);
}

/** The queue item of the comment with this text. */
const queueItem = (page: Page, text: string) => page.locator('.mod-item', { hasText: text });
/** Waits until the element with this id has the focus. */
const focused = (page: Page, id: string | null) => page.locator(`[id="${id}"]:focus`).waitFor({ timeout: 3000 });

afterEach(() => setPremod('off'));

test("a new user's comment awaits review for its author only; approved with the keyboard, it appears live", async () => {
  await setPremod('new-users');
  await registerAt(site().url, 'carol', 'Carol Held');
  const article = await createArticle(site(), 'Held for review');
  const path = articlePath(article);
  const [author, reader, mod] = await Promise.all([
    scene().openPage(path, 'carol'),
    scene().openPage(path),
    scene().openPage('/moderation', admin),
  ]);
  await Promise.all([live(author), live(reader), live(mod)]);
  await mod.getByText('No comments wait for review.').waitFor();

  // The author is told at once, from the post's answer: no event comes for a held comment.
  await author.getByLabel('Your comment').fill('My first comment, to be reviewed.');
  await author.getByRole('button', { name: 'Post comment' }).click();
  const mine = author.locator('li.comment', { hasText: 'My first comment, to be reviewed.' });
  await mine.getByText('Awaiting review').waitFor();

  // It reaches the live queue (and the header's count); the anonymous reader does not see it.
  const item = queueItem(mod, 'My first comment, to be reviewed.');
  await item.waitFor({ timeout: 5000 });
  await mod.getByRole('link', { name: /Moderation: 1 held/ }).waitFor();
  await expect(reader.getByText('My first comment, to be reviewed.').count()).resolves.toBe(0);
  await expect(reader.locator('li.comment').count()).resolves.toBe(0);

  // After a reload the author still sees it, marked, from the thread's list.
  await author.reload();
  await author
    .locator('li.comment', { hasText: 'My first comment, to be reviewed.' })
    .getByText('Awaiting review')
    .waitFor();

  // The moderator moves to it and approves it with `a`.
  await mod.keyboard.press('j');
  await focused(mod, await item.getAttribute('id'));
  await mod.keyboard.press('a');
  await item.waitFor({ state: 'detached' });
  await mod.getByRole('link', { name: /Moderation: 0 held/ }).waitFor();

  // Readers see it arrive live; the author's mark is gone.
  const id = await commentIdByText(reader, 'My first comment, to be reviewed.', 5000);
  await own(author, id).getByText('Awaiting review').waitFor({ state: 'detached', timeout: 5000 });
  await expect(author.locator('li.comment').count()).resolves.toBe(1);
});

test("held comments come from the server: the author's other browser and a moderator see them; approved, once", async () => {
  await setPremod('all');
  const article = await createArticle(site(), 'Held across browsers');
  const path = articlePath(article);
  const text = 'Held, and read back from the server.';
  const author = await scene().openPage(path, 'bob');
  await live(author);
  await author.getByLabel('Your comment').fill(text);
  await author.getByRole('button', { name: 'Post comment' }).click();
  const heldIn = (page: Page, body: string) => page.locator('li.comment', { hasText: body });
  await heldIn(author, text).getByText('Awaiting review').waitFor();
  // Another one, rejected before the other pages load: the server no longer lists it.
  const rejected = await postComment(site().url, scene().bob.token, article.id, 'Rejected before anyone looks.');
  const rejection = await request(site().url)
    .post(`/api/comments/${rejected.id}/reject`)
    .set(bearer(site().adminToken))
    .send({});
  expect(rejection.status).toBe(200);

  // A second browser of the same user (its own storage, nothing remembered) has it from the thread's first
  // page; a moderator's article page has it too, marked alike.
  const [other, mod] = await Promise.all([scene().openPage(path, 'bob'), scene().openPage(path, admin)]);
  await Promise.all([live(other), live(mod)]);
  for (const page of [other, mod]) await heldIn(page, text).getByText('Awaiting review').waitFor();
  const id = (await heldIn(other, text).getAttribute('id'))!.slice(2);
  for (const page of [other, mod]) await expect(heldIn(page, 'Rejected before anyone looks.').count()).resolves.toBe(0);

  // Approved, its live event takes the held entry's place: shown once, unmarked, on every page.
  const approval = await request(site().url).post(`/api/comments/${id}/approve`).set(bearer(site().adminToken));
  expect(approval.status).toBe(200);
  for (const page of [author, other, mod]) {
    await own(page, id).getByText('Awaiting review').waitFor({ state: 'detached', timeout: 5000 });
    await expect(commentIdByText(page, text)).resolves.toBe(id);
    await expect(heldIn(page, text).count()).resolves.toBe(1);
  }
});

test('a moderator reading the article sees a comment held there live, and a rejected one go', async () => {
  await setPremod('all');
  const article = await createArticle(site(), 'Held while a moderator reads');
  const mod = await scene().openPage(articlePath(article), admin);
  await live(mod);
  const text = 'Held while the moderator has the page open.';
  const held = await postComment(site().url, scene().bob.token, article.id, text);
  const entry = mod.locator('li.comment', { hasText: text });
  await entry.getByText('Awaiting review').waitFor({ timeout: 5000 });

  const rejection = await request(site().url)
    .post(`/api/comments/${held.id}/reject`)
    .set(bearer(site().adminToken))
    .send({});
  expect(rejection.status).toBe(200);
  await entry.waitFor({ state: 'detached', timeout: 5000 });
});

test('the queue from the keyboard alone: move, reject with a reason, history, approve; others are told', async () => {
  await setPremod('all');
  const article = await createArticle(site(), 'Keyboard queue');
  const first = await postComment(site().url, scene().alice.token, article.id, 'First held remark.');
  await postComment(site().url, scene().bob.token, article.id, 'Second held remark.');
  expect(first.status).toBe('pending');
  // A second moderator watches the same queue.
  const dave = await registerAt(site().url, 'dave', 'Dave Moderator');
  const role = await request(site().url)
    .put(`/api/users/${dave.id}/role`)
    .set(bearer(site().adminToken))
    .send({ role: 'moderator' });
  expect(role.status).toBe(200);
  const [mod, other] = await Promise.all([
    scene().openPage('/moderation', admin),
    scene().openPage('/moderation', 'dave'),
  ]);
  await Promise.all([live(mod), live(other)]);
  await queueItem(mod, 'Second held remark.').waitFor();
  await queueItem(other, 'Second held remark.').waitFor();
  await mod.locator('.key-legend').getByText('approve', { exact: true }).waitFor();

  const firstId = await queueItem(mod, 'First held remark.').getAttribute('id');
  const secondId = await queueItem(mod, 'Second held remark.').getAttribute('id');
  await mod.keyboard.press('j');
  await focused(mod, firstId);
  await mod.keyboard.press('ArrowDown');
  await focused(mod, secondId);
  await mod.keyboard.press('k');
  await focused(mod, firstId);

  // `h` opens the author's history, with its focus on the panel; Escape closes it and returns to the item.
  await mod.keyboard.press('h');
  const history = queueItem(mod, 'First held remark.').locator('.user-history');
  await history.getByRole('heading', { name: /History of Alice Liddell/ }).waitFor();
  await history.getByText('First held remark.').waitFor();
  await mod.keyboard.press('Escape');
  await history.waitFor({ state: 'detached' });
  await focused(mod, firstId);

  // `r` asks for a reason (the cursor is in it), Enter rejects; the next item takes the focus.
  await mod.keyboard.press('r');
  await mod.getByLabel(/Reason for rejecting/).waitFor();
  await mod.keyboard.type('Off topic');
  await mod.keyboard.press('Enter');
  await queueItem(mod, 'First held remark.').waitFor({ state: 'detached' });
  await focused(mod, secondId);
  // The other moderator's page loses it too, saying who decided.
  await queueItem(other, 'First held remark.').waitFor({ state: 'detached', timeout: 5000 });
  await other
    .getByText(/Comment by Alice Liddell rejected by/)
    .first()
    .waitFor();

  await mod.keyboard.press('a');
  await queueItem(mod, 'Second held remark.').waitFor({ state: 'detached' });
  await mod.getByText('No comments wait for review.').waitFor();
  await other
    .getByText(/Comment by Bob Builder approved by/)
    .first()
    .waitFor({ timeout: 5000 });
});

test('a suspended user can read but a post is refused with the end of the suspension', async () => {
  const erin = await registerAt(site().url, 'erin', 'Erin Suspended');
  const article = await createArticle(site(), 'Suspension');
  const until = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString();
  const res = await request(site().url)
    .post(`/api/users/${erin.id}/suspend`)
    .set(bearer(site().adminToken))
    .send({ until, reason: 'Cooling off' });
  expect(res.status).toBe(200);
  const page = await scene().openPage(articlePath(article), 'erin');
  await live(page);
  await page.getByLabel('Your comment').fill('Can I still post?');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await page.locator('.composer .form-error', { hasText: 'You are suspended until' }).waitFor();
  await page.locator('.composer .form-error', { hasText: 'Reason: Cooling off' }).waitFor();
  // The text is given back for later.
  await expect(page.getByLabel('Your comment').inputValue()).resolves.toBe('Can I still post?');
});
