// Path routing for the single page: the location as a store, navigation with history.pushState, and one
// document-level click handler so that plain <a href="/..."> links navigate without a reload.
import { createStore } from './store';

export interface Location {
  path: string;
  search: URLSearchParams;
  hash: string;
}

const read = (): Location => ({
  path: window.location.pathname,
  search: new URLSearchParams(window.location.search),
  hash: window.location.hash,
});

export const location = createStore<Location>(read());

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  location.set(read());
  if (!window.location.hash) window.scrollTo(0, 0);
}

export function startRouter(): void {
  window.addEventListener('popstate', () => location.set(read()));
  document.addEventListener('click', (event) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download') || anchor.origin !== window.location.origin) return;
    // Links into the server's own files (and rendered comment bodies) load normally.
    if (!/^\/($|articles\/|users\/|moderation$|account$)/.test(anchor.pathname) || anchor.closest('.rendered')) return;
    // An anchor on this very page (the skip link) is the browser's to follow.
    if (anchor.hash && anchor.pathname === window.location.pathname && anchor.search === window.location.search) return;
    event.preventDefault();
    navigate(anchor.pathname + anchor.search + anchor.hash);
  });
}

/** `/users/:username` → username. */
export function matchProfile(path: string): string | undefined {
  const match = /^\/users\/([^/]+)\/?$/.exec(path);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

/** `/articles/:slug` → slug. */
export function matchArticle(path: string): string | undefined {
  const match = /^\/articles\/([^/]+)\/?$/.exec(path);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}
