/**
 * `npm run screenshot`: docs/screenshot.png, a thread with replies, a quote and a removed comment, as a
 * signed-in reader sees it. Starts the server on an in-memory store, seeds the thread through the API,
 * opens it in Chromium and captures the page. Run it again whenever the pages change.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildClient, launchChromium } from './lib/chromium';
import { spawnServer, stopServer, type ServerProcess } from './lib/server-process';

const OUT = resolve(__dirname, '..', 'docs', 'screenshot.png');
const ADMIN = { username: 'editor', password: 'screenshot-admin-password' };
const PASSWORD = 'screenshot-password';

async function call<T>(url: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function seed(url: string): Promise<string> {
  const admin = (await call<{ token: string }>(url, 'POST', '/api/auth/login', ADMIN)).token;
  const tokenOf: Record<string, string> = {};
  const cast = [
    ['mara', 'Mara Okafor'],
    ['jonas', 'Jonas Berg'],
    ['priya', 'Priya Raman'],
    ['troll42', 'Loud Larry'],
    ['lena', 'Lena Fischer'],
  ] as const;
  for (const [username, displayName] of cast) {
    tokenOf[username] = (
      await call<{ token: string }>(url, 'POST', '/api/auth/register', { username, password: PASSWORD, displayName })
    ).token;
  }
  const { article } = await call<{ article: { id: string; slug: string } }>(
    url,
    'POST',
    '/api/articles',
    {
      title: 'City council approves protected bike lanes on Harbour Street',
      summary: 'The two-kilometre route will replace a lane of parking; construction starts in spring.',
      body: 'After a three-hour session the council voted **7 to 4** for the plan. Shop owners asked for delivery bays at each block; the final plan keeps six of them.\n\nThe lanes are due to open next autumn.',
    },
    admin,
  );
  const post = async (who: string, body: string, extra: { parentId?: string; quoteId?: string } = {}) =>
    (
      await call<{ comment: { id: string } }>(
        url,
        'POST',
        `/api/articles/${article.id}/comments`,
        { body, ...extra },
        tokenOf[who],
      )
    ).comment.id;

  const first = await post(
    'mara',
    'Finally. I cycle this street every day and the door-zone is *terrifying*. Six delivery bays sounds like a fair compromise.',
  );
  const reply = await post(
    'jonas',
    'Fair for cyclists maybe. The shops on the east end lose almost all their parking, and most of their customers drive in from outside town.',
    { parentId: first },
  );
  await post(
    'mara',
    'The city counted last year: about 70 % of visitors to those shops arrive on foot or by bus. The parking was mostly full of commuters.',
    { parentId: reply },
  );
  const removed = await post('troll42', 'Anyone who rides a bike in this city deserves what they get.');
  await post('priya', 'Exactly this. Separated lanes are what made my kids start riding to school.', {
    quoteId: first,
  });
  await post(
    'lena',
    'Does anyone know if the plan includes the bridge? That is the worst part of the route.\n\nThe [council minutes](https://example.org/minutes) only mention it once.',
  );
  await call(url, 'POST', `/api/comments/${removed}/remove`, { reason: 'abusive' }, admin);
  return article.slug;
}

async function main(): Promise<void> {
  buildClient();
  let server: ServerProcess | undefined;
  const browser = await launchChromium();
  try {
    // An empty MONGODB_URI counts as unset: the server runs its embedded store in memory.
    server = await spawnServer('', 60_000, {
      DATA_DIR: ':memory:',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'info',
    });
    const slug = await seed(server.url);
    const context = await browser.newContext({
      viewport: { width: 960, height: 900 },
      deviceScaleFactor: 1,
      locale: 'en-GB',
    });
    await context.request.post(`${server.url}/api/auth/login`, { data: { username: 'lena', password: PASSWORD } });
    const page = await context.newPage();
    await page.goto(`${server.url}/articles/${slug}`);
    await page.getByRole('status', { name: 'Connection: Live' }).waitFor();
    await page.getByText('readers here').or(page.getByText('reader here')).first().waitFor();
    await page.locator('.quote').waitFor();
    mkdirSync(resolve(OUT, '..'), { recursive: true });
    await page.screenshot({ path: OUT, fullPage: true });
    console.log(`wrote ${OUT}`);
  } finally {
    await browser.close();
    await stopServer(server);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
