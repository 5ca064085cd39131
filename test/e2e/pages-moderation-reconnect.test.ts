/**
 * The pages in a real browser (issue 6, acceptance 1): the moderators' tools, and a page that outlives its
 * server (reconnecting, and sending what was written meanwhile once).
 * Every page is watched for Content-Security-Policy violations and uncaught errors, which fail the test
 * that caused them (test/e2e/harness.ts).
 */
import { spawnServer, stopServer } from '../../scripts/lib/server-process';
import { articlePath, commentIdByText, live, own, useBrowserSite } from './harness';
import { createArticle, listComments, postComment, serverEnv } from './site';

jest.setTimeout(90_000);

const scene = useBrowserSite();
const site = () => scene().site;
const openPage = (path: string, username?: string) => scene().openPage(path, username);

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
