/**
 * The scene of the browser tests: the built pages, the server (its own process, on a standalone store),
 * Chromium, two members (alice, bob) and the bootstrap admin; each test opens its own browser contexts,
 * which are closed after it, failing the test if any page met a CSP violation or an uncaught error.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { spawnServer } from '../../scripts/lib/server-process';
import type { PublicArticle } from '../../shared/types';
import { PASSWORD } from '../api/harness';
import { buildClient, launchChromium, watchProblems, type PageProblems } from './browser';
import { serverEnv, startSite, stopSite, type Site } from './site';
import { loginAt, registerAt } from '../helpers/accounts';

export interface BrowserSite {
  site: Site;
  browser: Browser;
  alice: { id: string; token: string };
  bob: { id: string; token: string };
  /** A fresh context (its own cookies), watched for problems and closed after the test. */
  newContext(): Promise<BrowserContext>;
  /** A context signed in as `username` when given (`root_admin` is the admin), with `path` open. */
  openPage(path: string, username?: string): Promise<Page>;
  /** The problems seen so far by the contexts of the current test. */
  problems(): PageProblems[];
  /** A server start with ADMIN_USERNAME/ADMIN_PASSWORD ends the admin's other sessions: sign in again. */
  renewAdminToken(): Promise<void>;
  /** SIGKILLs the server and waits until `page` says it is reconnecting. */
  killServer(page: Page): Promise<void>;
  /** Starts the server again on the same port and store. */
  restartServer(): Promise<void>;
}

export function useBrowserSite(): () => BrowserSite {
  let scene: BrowserSite | undefined;
  const contexts: { context: BrowserContext; problems: PageProblems }[] = [];

  beforeAll(async () => {
    buildClient();
    const [site, browser] = await Promise.all([startSite(), launchChromium()]);
    const alice = await registerAt(site.url, 'alice', 'Alice Liddell');
    const bob = await registerAt(site.url, 'bob', 'Bob Builder');
    const newContext = async () => {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      contexts.push({ context, problems: await watchProblems(context) });
      return context;
    };
    const renewAdminToken = async () => {
      site.adminToken = await loginAt(site.url, serverEnv.ADMIN_USERNAME, serverEnv.ADMIN_PASSWORD);
    };
    scene = {
      site,
      browser,
      alice,
      bob,
      newContext,
      async openPage(path, username) {
        const context = await newContext();
        if (username) {
          // The context's request API shares the context's cookies: this signs the browser in.
          const password = username === serverEnv.ADMIN_USERNAME ? serverEnv.ADMIN_PASSWORD : PASSWORD;
          const res = await context.request.post(`${site.url}/api/auth/login`, { data: { username, password } });
          if (res.status() !== 200) throw new Error(`sign-in of ${username} answered ${res.status()}`);
        }
        const page = await context.newPage();
        await page.goto(site.url + path);
        return page;
      },
      problems: () => contexts.map((c) => c.problems),
      renewAdminToken,
      async killServer(page) {
        site.server.child.kill('SIGKILL');
        await site.server.exited;
        await page.getByRole('status', { name: 'Connection: Reconnecting…' }).waitFor({ timeout: 10_000 });
      },
      async restartServer() {
        site.server = await spawnServer(site.store.uri('discussion'), 60_000, {
          ...serverEnv,
          PORT: String(site.port),
        });
        await renewAdminToken();
      },
    };
  }, 120_000);

  afterEach(async () => {
    const problems = contexts.map((c) => c.problems);
    await Promise.all(contexts.splice(0).map((c) => c.context.close()));
    expect(problems.flatMap((p) => p.csp)).toEqual([]);
    expect(problems.flatMap((p) => p.errors)).toEqual([]);
  });

  afterAll(async () => {
    await scene?.browser.close();
    await stopSite(scene?.site);
  });

  return () => {
    if (!scene) throw new Error('the browser site did not start');
    return scene;
  };
}

export const articlePath = (article: PublicArticle) => `/articles/${article.slug}`;
/** A comment with its replies. */
export const comment = (page: Page, id: string) => page.locator(`#c-${id}`);
/** The comment itself, without its replies. */
export const own = (page: Page, id: string) => page.locator(`#c-${id} > article`);
export const live = (page: Page) => page.getByRole('status', { name: 'Connection: Live' }).waitFor({ timeout: 10_000 });

/** Waits for a posted (not pending) comment with this text and answers its id. */
export async function commentIdByText(page: Page, text: string, timeout = 5000): Promise<string> {
  const item: Locator = page.locator('li.comment:not(.is-pending)', {
    has: page.locator('> article .body', { hasText: text }),
  });
  await item.first().waitFor({ timeout });
  return (await item.first().getAttribute('id'))!.slice(2);
}
