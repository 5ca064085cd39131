/**
 * Reactions in the browser: a reader reacts and another page sees the count move live; the sort menu's
 * Top puts the most reacted comment first with its replies still under it.
 */
import { articlePath, live, own, useBrowserSite } from './harness';
import { createArticle, postComment } from './site';

jest.setTimeout(90_000);

const scene = useBrowserSite();

test('react and see the count move on another page; sort by top', async () => {
  const { site, alice } = scene();
  const article = await createArticle(site, 'Reactions');
  const first = await postComment(site.url, alice.token, article.id, 'The first comment.');
  const second = await postComment(site.url, alice.token, article.id, 'The second comment.');
  await postComment(site.url, alice.token, article.id, 'A reply to the first.', { parentId: first.id });
  const path = articlePath(article);
  const [bobPage, reader] = await Promise.all([scene().openPage(path, 'bob'), scene().openPage(path)]);
  await Promise.all([live(bobPage), live(reader)]);

  // Bob likes the second comment: his button is pressed and counts 1; the anonymous reader sees the count.
  const like = own(bobPage, second.id).getByRole('button', { name: /^Like/ });
  await expect(like.getAttribute('aria-pressed')).resolves.toBe('false');
  await like.click();
  await own(bobPage, second.id).locator('button.reaction[aria-pressed="true"]', { hasText: '1' }).waitFor();
  // Generous: one count a second per comment, on a shared machine.
  await own(reader, second.id).locator('.reactions', { hasText: 'Like · 1' }).waitFor({ timeout: 5000 });
  // Alice's own comment offers her no button; nobody reacted to the first, so it shows no count.
  await expect(own(reader, first.id).locator('.reactions').count()).resolves.toBe(0);

  // Top: the liked comment first; the first comment keeps its reply under it.
  await reader.getByLabel('Sort').selectOption('top');
  await reader.locator(`#thread-list > li#c-${second.id}:first-child`).waitFor();
  await reader.locator(`#c-${first.id} .replies .comment`, { hasText: 'A reply to the first.' }).waitFor();

  // Taking it back moves the count on the other page back to nothing.
  await own(bobPage, second.id).getByRole('button', { name: /^Like/ }).click();
  await own(bobPage, second.id).locator('button.reaction[aria-pressed="false"]', { hasText: '0' }).waitFor();
  await own(reader, second.id).locator('.reactions').waitFor({ state: 'detached', timeout: 5000 });
});
