import type { Types } from 'mongoose';
import type { PublicComment } from '../../shared/types';
import type { ReactionModel } from './reaction-model';

/**
 * Adds `reacted` to comments answered to a signed-in viewer (one query for the whole page); an anonymous
 * viewer's comments go back as they are, without the field. Events never go through here: they are the
 * public view.
 */
export async function withReacted<T extends PublicComment>(
  deps: { Reaction: ReactionModel },
  viewerId: Types.ObjectId | undefined,
  comments: T[],
): Promise<T[]> {
  if (!viewerId) return comments;
  // One's own comments take no reaction from oneself: no query for them (a post's or an edit's answer).
  const others = comments.filter((c) => c.author.id !== String(viewerId));
  if (others.length === 0) return comments.map((c) => ({ ...c, reacted: false }));
  const ids = others.map((c) => c.id);
  const mine = await deps.Reaction.find({ commentId: { $in: ids }, userId: viewerId }, { commentId: 1 }).lean();
  const reacted = new Set(mine.map((r) => String(r.commentId)));
  return comments.map((c) => ({ ...c, reacted: reacted.has(c.id) }));
}

/** The same for one comment. */
export async function oneWithReacted<T extends PublicComment>(
  deps: { Reaction: ReactionModel },
  viewerId: Types.ObjectId | undefined,
  comment: T,
): Promise<T> {
  return (await withReacted(deps, viewerId, [comment]))[0]!;
}
