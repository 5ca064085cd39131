/**
 * Chromium for the browser tests (scripts/lib/chromium.ts), and the pages' own problems collected for
 * the tests to assert on: Content-Security-Policy violations and uncaught exceptions.
 */
import type { BrowserContext, Page } from 'playwright-core';

export { buildClient, launchChromium } from '../../scripts/lib/chromium';

/** What went wrong inside the pages of a context: CSP violations and uncaught errors. */
export interface PageProblems {
  csp: string[];
  errors: string[];
}

/** Starts collecting problems for every page the context opens. */
export async function watchProblems(context: BrowserContext): Promise<PageProblems> {
  const problems: PageProblems = { csp: [], errors: [] };
  // Runs before the page's scripts, outside the page's CSP (it is injected by the browser, not the page).
  // Runs before the page's scripts, outside the page's CSP (the browser injects it). A string, because
  // this file is compiled without the DOM library.
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));`,
  });
  const watch = (page: Page) => {
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && /CSP violation|Content Security Policy/i.test(text)) problems.csp.push(text);
    });
    page.on('pageerror', (error) => problems.errors.push(error.message));
  };
  context.on('page', watch);
  for (const page of context.pages()) watch(page);
  return problems;
}
