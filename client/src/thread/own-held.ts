// One's own comments held for review. The thread's list and log hold only published comments, so the
// page remembers the ids of the author's held ones (per user and article, in localStorage) and reads each
// again on a later visit: still `pending`, it is shown as awaiting review; otherwise it is forgotten
// (approved ones come with the thread itself).
import type { PublicComment } from '../../../shared/types';
import { api } from '../lib/api';
import { isHeld } from '../moderation/types';

const KEEP = 20;
const key = (userId: string, articleId: string) => `held:${userId}:${articleId}`;

function read(k: string): string[] {
  try {
    const ids: unknown = JSON.parse(localStorage.getItem(k) ?? '[]');
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function write(k: string, ids: string[]): void {
  try {
    if (ids.length) localStorage.setItem(k, JSON.stringify(ids.slice(-KEEP)));
    else localStorage.removeItem(k);
  } catch {
    // Storage refused (a cross-site frame): the mark then lasts for this page view only.
  }
}

export function rememberHeld(userId: string, articleId: string, commentId: string): void {
  const k = key(userId, articleId);
  write(k, [...read(k).filter((id) => id !== commentId), commentId]);
}

/** The remembered comments that are still held; the others are forgotten. */
export async function loadOwnHeld(userId: string, articleId: string): Promise<PublicComment[]> {
  const k = key(userId, articleId);
  const ids = read(k);
  if (!ids.length) return [];
  const found = await Promise.all(
    ids.map((id) =>
      api<{ comment: PublicComment }>('GET', `/api/comments/${encodeURIComponent(id)}`).then(
        ({ comment }) => comment,
        () => undefined,
      ),
    ),
  );
  const held = found.filter((c): c is PublicComment => c !== undefined && isHeld(c));
  write(
    k,
    held.map((c) => c.id),
  );
  return held;
}
