// The flat, seq-ordered list the server sends, as the tree a reader sees: replies under their parent in
// the order they were written; top-level comments oldest or newest first, or by the count they were loaded
// with (most reactions or most replies, then oldest: live counts do not reorder what is being read). A
// reply whose parent is not loaded (another page) stands at the top level, marked as a reply.
import type { PublicComment } from '../../../shared/types';

export type Sort = 'oldest' | 'newest' | 'top' | 'replies';

/** A comment as shown: a posted one, or one still being sent (`pending`). */
export interface ShownComment extends PublicComment {
  pending?: 'sending' | 'waiting';
}

export interface ThreadNode {
  comment: ShownComment;
  /** The parent is not on the page (it is on another page of the thread). */
  orphan: boolean;
  children: ThreadNode[];
}

/** A held comment has no place in the seq order until it is approved: it goes after the others. */
const place = (c: ShownComment) => (c.seq > 0 ? c.seq : Number.MAX_SAFE_INTEGER);

export function buildTree(comments: ShownComment[], sort: Sort): ThreadNode[] {
  const nodes = new Map<string, ThreadNode>();
  const ordered = [...comments].sort((a, b) => place(a) - place(b));
  for (const comment of ordered) nodes.set(comment.id, { comment, orphan: false, children: [] });
  const roots: ThreadNode[] = [];
  for (const comment of ordered) {
    const node = nodes.get(comment.id)!;
    const parent = comment.parentId ? nodes.get(comment.parentId) : undefined;
    if (parent) parent.children.push(node);
    else {
      node.orphan = comment.parentId !== null;
      roots.push(node);
    }
  }
  if (sort === 'newest') return roots.reverse();
  const key = sort === 'top' ? 'reactions' : sort === 'replies' ? 'replyCount' : undefined;
  // A stable sort of the seq order: ties stay oldest first.
  return key ? roots.sort((a, b) => (b.comment[key] ?? 0) - (a.comment[key] ?? 0)) : roots;
}

/** Past this depth replies are no longer indented further, so a long exchange stays readable on a phone. */
export const MAX_INDENT = 4;
