// Drafts of comments, kept in sessionStorage so signing in, reloading or a failed post never loses them.
// A browser may refuse storage to a cross-site frame (blocked third-party storage): the draft then lives
// in memory for this page view, and the thread still works.
const memory = new Map<string, string>();

export function readDraft(key: string): string {
  try {
    return sessionStorage.getItem(key) ?? '';
  } catch {
    return memory.get(key) ?? '';
  }
}

export function keepDraft(key: string, value: string): void {
  try {
    if (value) sessionStorage.setItem(key, value);
    else sessionStorage.removeItem(key);
  } catch {
    if (value) memory.set(key, value);
    else memory.delete(key);
  }
}
