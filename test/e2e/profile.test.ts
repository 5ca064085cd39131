/**
 * The profile page in a real browser (contract v2: page `/users/:username`): a name in a thread leads to
 * the profile, which shows the person and their recent comments linking back into their threads.
 */
import { articlePath, own, useBrowserSite } from './harness';
import { createArticle, postComment } from './site';

jest.setTimeout(90_000);

const scene = useBrowserSite();

test('a reader follows an author name to the profile and back to the comment in its thread', async () => {
  const { site, alice } = scene();
  const article = await createArticle(site, 'Profiles are here');
  await postComment(site.url, alice.token, article.id, 'An older thought.');
  const latest = await postComment(site.url, alice.token, article.id, 'My **latest** thought.');
  const page = await scene().openPage(articlePath(article));

  await own(page, latest.id)
    .getByRole('link', { name: /Alice Liddell/ })
    .click();
  await page.waitForURL(`${site.url}/users/alice`);
  await page.getByRole('heading', { level: 1, name: /Alice Liddell @alice/ }).waitFor();
  await page.getByText('2 comments').waitFor();
  await page.getByText(/^Joined /).waitFor();
  const items = page.locator('.profile-comments li');
  await expect(items.first().locator('.rendered strong').textContent()).resolves.toBe('latest');
  await expect(items.count()).resolves.toBe(2);

  await items.first().getByRole('link', { name: 'Profiles are here' }).click();
  await page.waitForURL((url) => url.pathname === articlePath(article) && url.search === `?around=${latest.id}`);
  await page.locator(`#c-${latest.id}.is-highlighted`).waitFor();
});

test('a signed-in reader reaches their own profile from the header', async () => {
  const page = await scene().openPage('/', 'bob');
  await page
    .locator('.whoami')
    .getByRole('link', { name: /Bob Builder/ })
    .click();
  await page.getByRole('heading', { level: 1, name: /Bob Builder @bob/ }).waitFor();
  await page.getByText('No comments yet.').waitFor();
});

test('an unknown name shows that there is no such user', async () => {
  const page = await scene().openPage('/users/nobody_at_all');
  await page.getByRole('alert').filter({ hasText: 'No such user.' }).waitFor();
});
