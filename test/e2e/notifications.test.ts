/**
 * The notification bell in a real browser (contract v2 · Notifications): it lights up live when someone
 * replies, lists the reply linking into its thread, and marks it read.
 */
import { live, useBrowserSite } from './harness';
import { createArticle, postComment } from './site';

jest.setTimeout(90_000);

const scene = useBrowserSite();

test('the bell lights up live on a reply, leads to the comment, and is marked read', async () => {
  const { site, alice, bob } = scene();
  const article = await createArticle(site, 'Bells ring');
  const mine = await postComment(site.url, alice.token, article.id, 'Anyone?');
  const page = await scene().openPage('/', 'alice');
  await live(page);
  const bell = page.getByRole('button', { name: 'Notifications: No unread notifications' });
  await bell.waitFor();

  const reply = await postComment(site.url, bob.token, article.id, 'Me, @alice!', { parentId: mine.id });
  // Both the reply and the mention are about one comment: Alice hears of it once.
  const lit = page.getByRole('button', { name: 'Notifications: 1 unread notification' });
  await lit.waitFor({ timeout: 10_000 });
  await page.getByRole('status').filter({ hasText: '1 unread notification' }).waitFor();

  await lit.click();
  const panel = page.getByRole('region', { name: 'Notifications' });
  await panel.getByText('Bob Builder replied to your comment.').waitFor();
  await panel.getByText('“Me, @alice!”').waitFor();
  await panel.getByRole('link', { name: 'On Bells ring' }).click();
  await page.waitForURL((url) => url.pathname === `/articles/${article.slug}` && url.search === `?around=${reply.id}`);
  await page.getByRole('button', { name: 'Notifications: No unread notifications' }).waitFor();
});

test('mark all as read clears the count', async () => {
  const { site, alice } = scene();
  const article = await createArticle(site, 'Many mentions');
  const page = await scene().openPage('/', 'bob');
  await live(page);
  await postComment(site.url, alice.token, article.id, 'Hello @bob.');
  await postComment(site.url, alice.token, article.id, 'Again @bob.');
  const bell = page.getByRole('button', { name: 'Notifications: 2 unread notifications' });
  await bell.waitFor({ timeout: 10_000 });
  await bell.click();
  await page.getByRole('button', { name: 'Mark all as read' }).click();
  await page.getByRole('button', { name: 'Notifications: No unread notifications' }).waitFor();
});
