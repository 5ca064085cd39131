/**
 * The account page in a real browser (issue 17): a password changed there ends the account's other
 * sessions, and a page signed in elsewhere is signed out live (session:revoked), without a reload.
 */
import { PASSWORD } from '../api/harness';
import { live, useBrowserSite } from './harness';
import { registerAt } from '../helpers/accounts';

jest.setTimeout(90_000);

const scene = useBrowserSite();

test('changing the password on /account signs the other page out', async () => {
  const { site } = scene();
  await registerAt(site.url, 'carla', 'Carla Account');
  const elsewhere = await scene().openPage('/', 'carla');
  await live(elsewhere);
  await elsewhere.locator('.whoami').getByText('Carla Account').waitFor();

  const page = await scene().openPage('/', 'carla');
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password').fill('another long password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor();

  await elsewhere.getByRole('button', { name: 'Sign in / Register' }).waitFor({ timeout: 10_000 });
  // This page's own session stays.
  await page.reload();
  await page.getByLabel('Display name').waitFor();
});
