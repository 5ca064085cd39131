// Where a new comment would appear, measured on the page as it is now: replies at the end of their
// parent's subtree, top-level comments at the end (oldest first) or the start (newest first) of the list.
import type { PublicComment } from '../../../shared/types';
import type { Sort } from './tree';

export const THREAD_LIST_ID = 'thread-list';
export const commentDomId = (id: string) => `c-${id}`;

export function isAboveViewport(comment: PublicComment, sort: Sort): boolean {
  const parent = comment.parentId ? document.getElementById(commentDomId(comment.parentId)) : null;
  if (parent) return parent.getBoundingClientRect().bottom < 0;
  const list = document.getElementById(THREAD_LIST_ID);
  if (!list) return false;
  const box = list.getBoundingClientRect();
  return (sort === 'newest' ? box.top : box.bottom) < 0;
}
