// embed.js: the loader a host page includes. It puts an iframe of /embed/thread in each
// [data-discussion] element and a live number in each [data-discussion-count] span, and nothing else:
// no styles, no inline script, so it runs under a host CSP that forbids inline code. Plain DOM, no framework.
import { OBJECT_ID_HEX } from '../../../shared/ids';
type Key = { url?: string; id?: string };
interface Frame {
  element: HTMLElement;
  iframe: HTMLIFrameElement;
  ready: boolean;
  queued: unknown[];
}

const SOURCE = 'discussion';
const COUNT_POLL_MS = 30_000;
const MAX_KEYS = 100;
const script = (document.currentScript ??
  document.querySelector('script[src$="/embed.js"]')) as HTMLScriptElement | null;
const server = new URL(script?.src ?? '/', location.href).origin;
const frames: Frame[] = [];
export {};

/** As the server stores it: scheme and host lower-cased, default port, no query or fragment. */
const pageUrl = (raw: string): string => {
  const u = new URL(raw, location.href);
  return u.origin + u.pathname;
};

function keyOf(el: HTMLElement): Key {
  const id = el.dataset.id;
  const canonical = document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href;
  return { id, url: pageUrl(el.dataset.url || canonical || location.href) };
}

const frameOf = (el: HTMLElement) => frames.find((f) => f.element === el);

function send(frame: Frame, message: Record<string, unknown>): void {
  // To the server's origin only: an SSO token must never reach anyone else.
  if (frame.ready) frame.iframe.contentWindow?.postMessage({ source: SOURCE, ...message }, server);
  else frame.queued.push(message);
}

function threadSrc(el: HTMLElement): string {
  const { id, url } = keyOf(el);
  const q = new URLSearchParams({
    url: url!,
    title: el.dataset.title || document.title,
    theme: el.dataset.theme || 'auto',
    origin: location.origin,
  });
  if (id) q.set('id', id);
  // Only that the host does SSO; the token itself goes by postMessage, never in a URL.
  if (el.hasAttribute('data-sso')) q.set('sso', '1');
  const deepLink = new RegExp(`^#comment-(${OBJECT_ID_HEX})$`).exec(location.hash);
  if (deepLink) q.set('comment', deepLink[1]!);
  return `${server}/embed/thread?${q}`;
}

function render(el: HTMLElement): void {
  let frame = frameOf(el);
  if (!frame) {
    const iframe = document.createElement('iframe');
    iframe.title = 'Discussion';
    // CSSOM, not a style attribute: allowed under a CSP without 'unsafe-inline'.
    Object.assign(iframe.style, { width: '100%', border: '0', height: '320px', display: 'block' });
    frame = { element: el, iframe, ready: false, queued: [] };
    frames.push(frame);
    el.replaceChildren(iframe);
  }
  frame.ready = false;
  frame.iframe.src = threadSrc(el);
}

function onMessage(event: MessageEvent): void {
  if (event.origin !== server) return;
  const frame = frames.find((f) => f.iframe.contentWindow === event.source);
  const data = event.data as { source?: string; type?: string; height?: number; commentCount?: number } | null;
  if (!frame || !data || data.source !== SOURCE) return;
  const fire = (name: string) =>
    frame.element.dispatchEvent(new CustomEvent(`discussion:${name}`, { bubbles: true, detail: data }));
  if (data.type === 'height' && typeof data.height === 'number') {
    frame.iframe.style.height = `${Math.max(0, Math.min(data.height, 1e6))}px`;
  } else if (data.type === 'ready') {
    frame.ready = true;
    const sso = frame.element.dataset.sso;
    if (sso) send(frame, { type: 'sso', token: sso });
    for (const message of frame.queued.splice(0)) send(frame, message as Record<string, unknown>);
    fire('ready');
  } else if (data.type === 'comment-posted') {
    fire('comment-posted');
    void refreshCounts();
  } else if (data.type === 'signin-request') fire('signin-request');
  else if (data.type === 'count' && typeof data.commentCount === 'number') showCount(frame, data.commentCount);
}

/** A frame's thread changed: the page's count spans of the same article show it at once. */
function showCount(frame: Frame, commentCount: number): void {
  const { id, url } = keyOf(frame.element);
  document.querySelectorAll<HTMLElement>('[data-discussion-count]').forEach((el) => {
    const same = el.dataset.id ? el.dataset.id === id : pageUrl(el.dataset.url || location.href) === url;
    if (same) el.textContent = String(commentCount);
  });
}

async function refreshCounts(): Promise<void> {
  const spans = [...document.querySelectorAll<HTMLElement>('[data-discussion-count]')];
  for (let i = 0; i < spans.length; i += MAX_KEYS) {
    const batch = spans.slice(i, i + MAX_KEYS);
    const q = new URLSearchParams();
    for (const el of batch) {
      if (el.dataset.id) q.append('externalId', el.dataset.id);
      else q.append('url', pageUrl(el.dataset.url || location.href));
    }
    try {
      const res = await fetch(`${server}/api/counts?${q}`, { credentials: 'omit' });
      if (!res.ok) continue;
      const { counts } = (await res.json()) as { counts: Array<{ commentCount: number }> };
      batch.forEach((el, n) => (el.textContent = String(counts[n]?.commentCount ?? 0)));
    } catch {
      // offline for now: the next poll tries again
    }
  }
}

function start(): void {
  document.querySelectorAll<HTMLElement>('[data-discussion]').forEach(render);
  void refreshCounts();
  setInterval(() => document.visibilityState === 'visible' && void refreshCounts(), COUNT_POLL_MS);
}

addEventListener('message', onMessage);
// A #comment-<id> link followed on the host page opens that comment in the thread.
addEventListener('hashchange', () => /^#comment-/.test(location.hash) && frames.forEach((f) => render(f.element)));
(window as unknown as { Discussion: unknown }).Discussion = {
  render,
  sso: (el: HTMLElement, token: string) => frameOf(el) && send(frameOf(el)!, { type: 'sso', token }),
  signOut: (el: HTMLElement) => frameOf(el) && send(frameOf(el)!, { type: 'sign-out' }),
};
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
