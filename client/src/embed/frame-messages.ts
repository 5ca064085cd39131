// The frame's side of the postMessage channel with the loader (embed.js) on the host page: messages go
// to the host's origin only, and only the parent window at that origin is listened to.
export const MESSAGE_SOURCE = 'discussion';

export type ToHost =
  | { type: 'ready'; articleId: string; commentCount: number }
  | { type: 'height'; height: number }
  | { type: 'comment-posted'; articleId: string; commentId: string }
  | { type: 'count'; commentCount: number }
  | { type: 'signin-request' };

export type FromHost = { type: 'sso'; token: string } | { type: 'sign-out' };

/** The host page's origin, as the loader named it; messages to any other origin are simply not delivered. */
const hostOrigin = (() => {
  const origin = new URLSearchParams(location.search).get('origin');
  return origin && URL.canParse(origin) ? new URL(origin).origin : null;
})();

export function tellHost(message: ToHost): void {
  if (!hostOrigin || window.parent === window) return;
  window.parent.postMessage({ source: MESSAGE_SOURCE, ...message }, hostOrigin);
}

export function onHostMessage(handle: (message: FromHost) => void): void {
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent || event.origin !== hostOrigin) return;
    const data = event.data as { source?: unknown; type?: unknown; token?: unknown } | null;
    if (!data || data.source !== MESSAGE_SOURCE) return;
    if (data.type === 'sso' && typeof data.token === 'string') handle({ type: 'sso', token: data.token });
    else if (data.type === 'sign-out') handle({ type: 'sign-out' });
  });
}

/** Keeps the host's iframe as tall as the thread. */
export function reportHeight(): void {
  let last = 0;
  const send = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) tellHost({ type: 'height', height: (last = height) });
  };
  new ResizeObserver(send).observe(document.documentElement);
  send();
}
