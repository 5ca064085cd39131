// The framed thread's session (embedding): a Bearer token in the frame's own localStorage, because a
// cross-site frame's cookies are blocked or partitioned. Off on the site's own pages, which use the cookie.
const KEY = 'discussion.token';

let enabled = false;
let token: string | null = null;

export function useBearerSession(): void {
  enabled = true;
  try {
    token = localStorage.getItem(KEY);
  } catch {
    token = null; // storage refused (a browser setting): the reader signs in for this page view only
  }
}

export const bearerEnabled = (): boolean => enabled;
export const bearerToken = (): string | null => (enabled ? token : null);

export function keepToken(value: string | null): void {
  if (!enabled) return;
  token = value;
  try {
    if (value) localStorage.setItem(KEY, value);
    else localStorage.removeItem(KEY);
  } catch {
    // kept in memory only
  }
}
