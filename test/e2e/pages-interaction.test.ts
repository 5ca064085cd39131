/**
 * The pages in a real browser (issue 6, acceptance 1), working a thread: live edits and deletions, refusals
 * beside the form, presence and typing, comments announced above the viewport, quote links.
 * Every page is watched for Content-Security-Policy violations and uncaught errors, which fail the test
 * that caused them (test/e2e/harness.ts).
 */
import { spawnServer, stopServer } from '../../scripts/lib/server-process';
import { PASSWORD } from '../api/harness';
import { articlePath, comment, commentIdByText, live, own, useBrowserSite } from './harness';
import { createArticle, postComment, serverEnv } from './site';

jest.setTimeout(90_000);

const scene = useBrowserSite();
const site = () => scene().site;
const openPage = (path: string, username?: string) => scene().openPage(path, username);

test('an edit and a deletion by the author reach the other reader live', async () => {
  const article = await createArticle(site(), 'Second thoughts');
  const [author, reader] = await Promise.all([
    openPage(articlePath(article), 'bob'),
    openPage(articlePath(article), 'alice'),
  ]);
  await Promise.all([live(author), live(reader)]);
  await author.getByLabel('Your comment').fill('First version.');
  await author.getByRole('button', { name: 'Post comment' }).click();
  const id = await commentIdByText(reader, 'First version.', 3000);

  await own(author, id).getByRole('button', { name: 'Edit' }).click();
  await own(author, id).getByLabel('Edit your comment').fill('Second version.');
  await own(author, id).getByRole('button', { name: 'Save' }).click();
  await own(reader, id).getByText('Second version.').waitFor({ timeout: 3000 });
  await own(reader, id).getByText('(edited)').waitFor();

  await own(author, id).getByRole('button', { name: 'Delete' }).click();
  await own(author, id)
    .getByRole('group', { name: 'Confirm deletion' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await own(reader, id).getByText('This comment was deleted by its author.').waitFor({ timeout: 3000 });
  await expect(reader.getByText('Second version.').count()).resolves.toBe(0);
});

test("the server's refusal shows beside the form, with a rate limit's wait, and the text comes back", async () => {
  const article = await createArticle(site(), 'Too fast');
  // Another instance on the same store, with the rate limits on (the suite's server runs without them).
  const limited = await spawnServer(site().store.uri('discussion'), 60_000, { ...serverEnv, RATE_LIMITS: 'on' });
  try {
    const context = await scene().newContext();
    expect(
      (
        await context.request.post(`${limited.url}/api/auth/login`, { data: { username: 'bob', password: PASSWORD } })
      ).status(),
    ).toBe(200);
    const page = await context.newPage();
    await page.goto(`${limited.url}${articlePath(article)}`);
    await live(page);
    const box = page.getByLabel('Your comment');
    const refusal = page.getByRole('alert').filter({ hasText: 'too fast' });
    // The burst allowance is 5 comments, then one every 2 s: posting at once is soon refused.
    let refused = 0;
    for (let i = 1; i <= 12 && !refused; i++) {
      await box.fill(`Quick comment ${i}`);
      await box.press('Control+Enter');
      const quiet = (p: Promise<unknown>) => p.catch(() => undefined);
      await Promise.race([
        quiet(commentIdByText(page, `Quick comment ${i}`, 3000)),
        quiet(refusal.waitFor({ timeout: 3000 })),
      ]);
      if (await refusal.count()) refused = i;
    }
    expect(refused).toBeGreaterThan(5);
    await expect(refusal.textContent()).resolves.toMatch(/try again in \d+ s/);
    await expect(box.inputValue()).resolves.toBe(`Quick comment ${refused}`);
    await expect(page.locator('li.comment').count()).resolves.toBe(refused - 1);
  } finally {
    await stopServer(limited);
    await scene().renewAdminToken();
  }
});

test('the CSP watch itself sees a violation (so the checks above can fail)', async () => {
  const article = await createArticle(site(), 'CSP check');
  const page = await openPage(articlePath(article));
  await page.getByText('No comments yet').waitFor();
  // An inline script, as a careless change to the pages might add one: the CSP must refuse it.
  await page.evaluate(
    "const s = document.createElement('script'); s.textContent = 'window.ran = true'; document.body.append(s);",
  );
  const problems = scene().problems().at(-1)!;
  for (let i = 0; i < 50 && problems.csp.length === 0; i++) await page.waitForTimeout(100);
  expect(problems.csp.join('\n')).toContain('script-src');
  await expect(page.evaluate('window.ran === true')).resolves.toBe(false);
  problems.csp.length = 0;
});

test('readers are counted and a writer is shown typing', async () => {
  const article = await createArticle(site(), 'Presence');
  const [pageA, pageB] = await Promise.all([
    openPage(articlePath(article), 'alice'),
    openPage(articlePath(article), 'bob'),
  ]);
  await pageB.getByText('2 readers here').waitFor({ timeout: 5000 });
  await pageA.getByText('2 readers here').waitFor({ timeout: 5000 });
  await pageA.getByLabel('Your comment').pressSequentially('Thinking', { delay: 20 });
  await pageB.getByText('Alice Liddell is typing…').waitFor({ timeout: 5000 });
  await expect(pageA.getByText('is typing…').count()).resolves.toBe(0); // not told about oneself
});

test('new comments above the viewport are announced, not inserted under the reader', async () => {
  const article = await createArticle(site(), 'Busy thread');
  for (let i = 1; i <= 30; i++)
    await postComment(
      site().url,
      scene().alice.token,
      article.id,
      `Comment number ${i} with some text to make it longer.`,
    );
  const page = await openPage(articlePath(article), 'bob');
  await live(page);
  await page.getByLabel('Sort').selectOption('newest');
  await page.getByText('Comment number 1 with').waitFor();
  await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
  const oldest = page.locator('li.comment', { hasText: 'Comment number 1 with' });
  const before = (await oldest.boundingBox())!.y;

  const above = await postComment(site().url, scene().alice.token, article.id, 'A newest comment, above the reader.');
  const button = page.getByRole('button', { name: '1 new comment — show' });
  await button.waitFor({ timeout: 3000 });
  await expect(comment(page, above.id).count()).resolves.toBe(0);
  // What the reader was looking at has not moved.
  expect(Math.abs((await oldest.boundingBox())!.y - before)).toBeLessThan(2);
  await button.click();
  await own(page, above.id).waitFor();
  await page.locator(`#c-${above.id}.is-highlighted`).waitFor();

  // At the top of the page a new comment simply appears, and the live region says so.
  await page.evaluate('window.scrollTo(0, 0)');
  const inView = await postComment(site().url, scene().alice.token, article.id, 'Another one, in view.');
  await own(page, inView.id).waitFor({ timeout: 3000 });
  await expect(own(page, above.id).isVisible()).resolves.toBe(true); // what was shown stays shown
  await page.locator('[aria-live="polite"]', { hasText: '1 new comment' }).waitFor({ timeout: 5000 });
});

test("a quote's link opens the quoted comment pages away and highlights it", async () => {
  const article = await createArticle(site(), 'Long thread');
  const early = await postComment(site().url, scene().alice.token, article.id, 'An early remark worth quoting.');
  for (let i = 1; i <= 110; i++) await postComment(site().url, scene().bob.token, article.id, `Filler ${i}.`);
  await postComment(site().url, scene().bob.token, article.id, 'Back to the early remark.', { quoteId: early.id });
  const page = await openPage(articlePath(article), 'bob');
  await page.getByLabel('Sort').selectOption('newest');
  const quote = page.locator('blockquote.quote a', { hasText: 'Alice Liddell wrote:' });
  await quote.waitFor();
  await expect(comment(page, early.id).count()).resolves.toBe(0); // on another page of the thread
  await quote.click();
  await page.waitForURL(`**/articles/${article.slug}?around=${early.id}`);
  await page.locator(`#c-${early.id}.is-highlighted`).waitFor();
  await expect(own(page, early.id).isVisible()).resolves.toBe(true);
  const box = await own(page, early.id).boundingBox();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeLessThan(900);
});
