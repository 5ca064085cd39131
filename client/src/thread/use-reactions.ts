// Reaction counts on the page: the count each comment came with, overtaken by the live `comment:reactions`
// of the article and by the answers to this reader's own clicks; and whether this reader reacted, which
// only REST answers carry (events replace a comment without it, so it is remembered here).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ReactionCount } from '../../../shared/types';
import { api } from '../lib/api';
import { useReactionLabel } from '../lib/site';
import { socket } from '../lib/socket';
import type { ShownComment } from './tree';

export interface ReactionsView {
  label: string;
  countOf(comment: ShownComment): number;
  reactedOf(comment: ShownComment): boolean;
  toggle(comment: ShownComment): Promise<void>;
}

/** `userId`: whose `reacted` is remembered; another user (a sign-in, a sign-out) starts afresh. */
export function useReactions(articleId: string, userId: string | undefined): ReactionsView {
  const label = useReactionLabel();
  const [counts, setCounts] = useState<Map<string, number>>(new Map());
  const reacted = useRef(new Map<string, boolean>());
  const setCount = (commentId: string, reactions: number) =>
    setCounts((old) => (old.get(commentId) === reactions ? old : new Map(old).set(commentId, reactions)));

  useEffect(() => {
    reacted.current = new Map();
  }, [userId]);

  useEffect(() => {
    setCounts(new Map());
    const onCount = (c: ReactionCount) => c.articleId === articleId && setCount(c.commentId, c.reactions);
    socket.on('comment:reactions', onCount);
    return () => {
      socket.off('comment:reactions', onCount);
    };
  }, [articleId]);

  return {
    label,
    countOf: (comment) => counts.get(comment.id) ?? comment.reactions ?? 0,
    reactedOf(comment) {
      const known = reacted.current;
      if (comment.reacted !== undefined && !known.has(comment.id)) known.set(comment.id, comment.reacted);
      return reacted.current.get(comment.id) ?? false;
    },
    async toggle(comment) {
      const on = !(reacted.current.get(comment.id) ?? comment.reacted ?? false);
      const path = `/api/comments/${encodeURIComponent(comment.id)}/reaction`;
      const answer = await api<{ reactions: number; reacted: boolean }>(on ? 'PUT' : 'DELETE', path);
      reacted.current.set(comment.id, answer.reacted);
      // A new map even when the count stayed: `reacted` changed, and the button must show it.
      setCounts((old) => new Map(old).set(comment.id, answer.reactions));
    },
  };
}
