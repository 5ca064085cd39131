import type { PostState } from './types';

/** What ordering a thread needs of each post (read from the staging collection, without its message). */
export interface PostLink {
  _id: string;
  parent: string | null;
  createdAt: Date;
  state: PostState;
  reason: string | null;
  line: number;
}

export interface OrderedPost {
  key: string;
  /** The nearest ancestor that is imported (a reply to a skipped spam post hangs on that post's parent). */
  parent: string | null;
  /** The parent's date, which its id is made from (import-ids.ts). */
  parentAt: Date | null;
  /** Its own date (its id is made from it). */
  at: Date;
}

/**
 * A thread's posts in creation order, parents always before their replies: by (date, id), except that
 * a reply dated before its parent (clocks differ) comes right after the parent. Skipped posts are left
 * out and their replies re-attached to the nearest imported ancestor. Faults (a parent that is not a post
 * of this thread, parents in a cycle) go to `problems`. Memory: the thread's links, about 150 bytes a post.
 */
export function orderThread(threadKey: string, links: PostLink[], problems: string[]): OrderedPost[] {
  const byKey = new Map(links.map((l) => [l._id, l]));
  const kept = (key: string | null): string | null => {
    const seen = new Set<string>();
    let current = key;
    while (current !== null) {
      const link = byKey.get(current);
      if (!link || seen.has(current)) return null; // reported below
      if (link.state !== 'skipped') return current;
      seen.add(current);
      current = link.parent;
    }
    return null;
  };
  const sorted = [...links].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0),
  );
  for (const l of sorted) {
    if (l.parent !== null && !byKey.has(l.parent))
      problems.push(`line ${l.line}: post ${l._id} replies to ${l.parent}, which is not a post of ${threadKey}`);
  }

  const out: OrderedPost[] = [];
  const done = new Set<string>();
  const waiting = new Map<string, PostLink[]>();
  const emit = (first: PostLink) => {
    const todo = [first];
    while (todo.length) {
      const l = todo.shift()!;
      done.add(l._id);
      const parent = kept(l.parent);
      if (l.state !== 'skipped')
        out.push({
          key: l._id,
          parent,
          parentAt: parent === null ? null : byKey.get(parent)!.createdAt,
          at: l.createdAt,
        });
      const replies = waiting.get(l._id);
      if (replies) {
        waiting.delete(l._id);
        todo.unshift(...replies);
      }
    }
  };
  for (const l of sorted) {
    if (l.parent === null || done.has(l.parent) || !byKey.has(l.parent)) emit(l);
    else waiting.set(l.parent, [...(waiting.get(l.parent) ?? []), l]);
  }
  for (const replies of waiting.values()) {
    for (const l of replies)
      if (!done.has(l._id)) problems.push(`line ${l.line}: post ${l._id} is part of a cycle of replies`);
  }
  return out;
}
