/**
 * The pages in a real browser (issue 6, acceptance 1), reading and posting: signing in without losing a
 * draft, comments, removals and counts arriving live, a reload keeping the session.
 * Every page is watched for Content-Security-Policy violations and uncaught errors, which fail the test
 * that caused them (test/e2e/harness.ts).
 */
import { PASSWORD } from '../api/harness';
import { articlePath, comment, commentIdByText, live, own, useBrowserSite } from './harness';
import { createArticle, postComment, serverEnv } from './site';

jest.setTimeout(90_000);

const scene = useBrowserSite();
const site = () => scene().site;
const openPage = (path: string, username?: string) => scene().openPage(path, username);

test('an anonymous reader sees the thread and the sign-in form, and signs in without losing the draft', async () => {
  const article = await createArticle(site(), 'Anonymous reading');
  await postComment(site().url, scene().alice.token, article.id, 'A comment for everyone to **read**.');
  const page = await openPage(articlePath(article));

  await page.getByText('A comment for everyone to read.').waitFor();
  await expect(page.locator('.comment strong', { hasText: 'read' }).count()).resolves.toBe(1); // the server's html
  await page.getByRole('heading', { name: 'Sign in' }).first().waitFor();
  const form = page.locator('form', { has: page.locator('textarea') }).first();
  await form.getByLabel('Your comment').fill('My first words here.');
  await form.getByRole('button', { name: 'Post comment' }).click();
  await page.getByText('Sign in or register to post').waitFor();

  const auth = page.locator('.thread .auth-panel');
  await auth.getByLabel('Username').fill('bob');
  await auth.getByLabel('Password').fill(PASSWORD);
  await auth.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.whoami').waitFor();
  await expect(page.getByLabel('Your comment').inputValue()).resolves.toBe('My first words here.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  const id = await commentIdByText(page, 'My first words here.');
  await expect(own(page, id).locator('.handle').textContent()).resolves.toBe('@bob');
});

test('a comment posted in one browser appears in the other within 3 s; replies nest and quotes name their author', async () => {
  const article = await createArticle(site(), 'Two readers');
  const [pageA, pageB] = await Promise.all([
    openPage(articlePath(article), 'alice'),
    openPage(articlePath(article), 'bob'),
  ]);
  await Promise.all([live(pageA), live(pageB)]);

  await pageA.getByLabel('Your comment').fill('Hello from Alice, posted with Ctrl+Enter.');
  await pageA.getByLabel('Your comment').press('Control+Enter');
  // The wait's own timeout is the 3 s of the title (timing it again with Date.now() added nothing).
  const aliceId = await commentIdByText(pageB, 'Hello from Alice', 3000);
  await expect(own(pageB, aliceId).locator('.name').textContent()).resolves.toBe('Alice Liddell');
  await expect(own(pageB, aliceId).locator('time').getAttribute('title')).resolves.toBeTruthy();

  // Bob replies: the reply is nested under Alice's comment on both pages.
  await own(pageB, aliceId).getByRole('button', { name: 'Reply' }).click();
  await pageB.getByLabel('Reply to Alice Liddell').fill('A reply from Bob.');
  await pageB.getByRole('button', { name: 'Post reply' }).click();
  await comment(pageA, aliceId)
    .locator('.replies .comment', { hasText: 'A reply from Bob.' })
    .waitFor({ timeout: 3000 });

  // Bob quotes: a block naming Alice, linking to her comment.
  await own(pageB, aliceId).getByRole('button', { name: 'Quote' }).click();
  await pageB.getByText('Quoting Alice Liddell').waitFor();
  await pageB.getByLabel('Your comment').fill('Quoting Alice here.');
  await pageB.getByRole('button', { name: 'Post comment' }).click();
  const quoteId = await commentIdByText(pageA, 'Quoting Alice here.', 3000);
  const quote = own(pageA, quoteId).locator('blockquote.quote');
  await expect(quote.locator('a').textContent()).resolves.toBe('Alice Liddell wrote:');
  await expect(quote.locator('a').getAttribute('href')).resolves.toContain(`around=${aliceId}`);
  await expect(quote.locator('p').textContent()).resolves.toContain('Hello from Alice');
  await quote.locator('a').click();
  await pageA.locator(`#c-${aliceId}.is-highlighted`).waitFor();

  // Each comment once on each page: no doubles from the pending copy or from the event.
  for (const page of [pageA, pageB]) await expect(page.locator('li.comment').count()).resolves.toBe(3);
});

test("a moderator's removal disappears from another reader's page within 2 s", async () => {
  const article = await createArticle(site(), 'Moderated');
  const bad = await postComment(site().url, scene().alice.token, article.id, 'Something that has to go.');
  const [mod, reader] = await Promise.all([
    openPage(articlePath(article), serverEnv.ADMIN_USERNAME),
    openPage(articlePath(article), 'bob'),
  ]);
  await Promise.all([live(mod), live(reader)]);
  await reader.getByText('Something that has to go.').waitFor();

  await own(mod, bad.id).getByRole('button', { name: 'Remove' }).click();
  await own(mod, bad.id).getByLabel('Reason for removing (optional)').fill('off-topic');
  await own(mod, bad.id).getByRole('button', { name: 'Remove comment' }).click();
  // The wait's own timeout is the 2 s of the title.
  await own(reader, bad.id).getByText('This comment was removed by a moderator.').waitFor({ timeout: 2000 });
  await expect(reader.getByText('Something that has to go.').count()).resolves.toBe(0);
});

test('a reload keeps the session and the draft; signing out keeps the page', async () => {
  const article = await createArticle(site(), 'Reloading');
  const page = await openPage(articlePath(article), 'bob');
  await page.locator('.whoami').waitFor();
  await page.getByLabel('Your comment').fill('Half-written thought');
  await page.reload();
  await page.locator('.whoami').waitFor();
  await expect(page.locator('.whoami .handle').textContent()).resolves.toBe('@bob');
  await expect(page.getByLabel('Your comment').inputValue()).resolves.toBe('Half-written thought');
  await expect(page.getByRole('heading', { name: 'Sign in' }).count()).resolves.toBe(0);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in / Register' }).waitFor();
  await expect(page.getByLabel('Your comment').inputValue()).resolves.toBe('Half-written thought');
  await live(page);
  await page.reload();
  await page.getByRole('button', { name: 'Sign in / Register' }).waitFor();
});

test('the front page lists articles newest first with live comment counts', async () => {
  const older = await createArticle(site(), 'Front page older');
  const newer = await createArticle(site(), 'Front page newer');
  const page = await openPage('/');
  const titles = page.locator('.article-list h2');
  await titles.first().waitFor();
  const all = await titles.allTextContents();
  expect(all.indexOf('Front page newer')).toBeLessThan(all.indexOf('Front page older'));
  const count = page.locator(`.count[data-article="${newer.id}"]`);
  await expect(count.textContent()).resolves.toBe('0 comments');
  await live(page);
  await postComment(site().url, scene().alice.token, newer.id, 'Counted on the front page.');
  await page.locator(`.count[data-article="${newer.id}"]`, { hasText: '1 comment' }).waitFor({ timeout: 3000 });
  await expect(page.locator(`.count[data-article="${older.id}"]`).textContent()).resolves.toBe('0 comments');
  await page.getByRole('link', { name: 'Front page newer' }).click();
  await page.getByRole('heading', { name: 'Front page newer' }).waitFor();
  await page.getByText('Counted on the front page.').waitFor();
});
