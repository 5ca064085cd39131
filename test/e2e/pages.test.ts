/**
 * The pages in a real browser (issue 6, acceptance 1): Debian's Chromium through playwright-core, against
 * the built client served by the server running as its own process. Every page is also watched for
 * Content-Security-Policy violations and uncaught errors, which fail the test that caused them.
 */
import { spawnServer, stopServer } from '../../scripts/lib/server-process';
import { PASSWORD } from '../api/harness';
import { articlePath, comment, commentIdByText, live, own, useBrowserSite } from './harness';
import { createArticle, listComments, postComment, serverEnv } from './site';

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
  const started = Date.now();
  const aliceId = await commentIdByText(pageB, 'Hello from Alice', 3000);
  expect(Date.now() - started).toBeLessThan(3000);
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
  const started = Date.now();
  await own(reader, bad.id).getByText('This comment was removed by a moderator.').waitFor({ timeout: 2000 });
  expect(Date.now() - started).toBeLessThan(2000);
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

test('moderators work the reports queue, read the log, and lock a thread live', async () => {
  const article = await createArticle(site(), 'Reported');
  const reported = await postComment(site().url, scene().alice.token, article.id, 'A reported remark.');
  const reader = await openPage(articlePath(article), 'bob');
  await own(reader, reported.id).getByRole('button', { name: 'Report' }).click();
  await own(reader, reported.id).getByLabel('Why should a moderator look at this comment?').fill('spam');
  await own(reader, reported.id).getByRole('button', { name: 'Send report' }).click();
  await own(reader, reported.id).getByText('a moderator will look at it').waitFor();

  const mod = await openPage('/moderation', serverEnv.ADMIN_USERNAME);
  const item = mod.locator('.mod-item', { hasText: 'A reported remark.' });
  await item.getByText('Bob Builder (@bob): spam').waitFor();
  await item.getByRole('button', { name: 'Remove' }).click();
  await item.waitFor({ state: 'detached' });
  await own(reader, reported.id).getByText('This comment was removed by a moderator.').waitFor({ timeout: 3000 });
  await mod.reload();
  await mod.locator('.mod-log tbody tr', { hasText: 'remove' }).first().waitFor();

  // Locking: the reader's form closes at once.
  await mod.goto(site().url + articlePath(article));
  await mod.getByRole('button', { name: 'Lock thread' }).click();
  await reader.getByText('This thread is locked').waitFor({ timeout: 3000 });
  await expect(reader.getByLabel('Your comment').isDisabled()).resolves.toBe(true);
});

test('the server killed and restarted: the page reconnects and shows what was posted meanwhile', async () => {
  const article = await createArticle(site(), 'Crash and return');
  await postComment(site().url, scene().alice.token, article.id, 'Before the crash.');
  const page = await openPage(articlePath(article), 'bob');
  await live(page);
  await page.getByText('Before the crash.').waitFor();

  await scene().killServer(page);
  // Meanwhile another instance on the same store takes a comment this page cannot hear of.
  const other = await spawnServer(site().store.uri('discussion'), 60_000, serverEnv);
  try {
    await postComment(other.url, scene().alice.token, article.id, 'Posted while you were away.');
  } finally {
    await stopServer(other);
  }
  await scene().restartServer();
  await live(page);
  await page.getByText('Posted while you were away.').waitFor({ timeout: 5000 });
  await expect(page.locator('li.comment').count()).resolves.toBe(2);
});

test('a comment written while the server is down is sent when it is back, once', async () => {
  const article = await createArticle(site(), 'Writing through a crash');
  const page = await openPage(articlePath(article), 'bob');
  await live(page);
  await scene().killServer(page);
  await page.getByLabel('Your comment').fill('Written while the server was down.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await page.getByText('Waiting for the connection…').waitFor();
  await expect(page.getByLabel('Your comment').inputValue()).resolves.toBe('');

  await scene().restartServer();
  await live(page);
  await commentIdByText(page, 'Written while the server was down.', 10_000);
  await page.getByText('Waiting for the connection…').waitFor({ state: 'detached' });
  await page.getByText('Sending…').waitFor({ state: 'detached' });
  expect((await listComments(site().url, article.id)).map((c) => c.body)).toEqual([
    'Written while the server was down.',
  ]);
  await expect(page.locator('li.comment').count()).resolves.toBe(1);
});
