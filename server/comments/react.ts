import type { Types } from 'mongoose';
import { errors } from '../../shared/errors';
import type { Actor, AppContext } from '../app-context';
import { isDuplicateKey } from '../lib/mongo-errors';
import { assertVisible, loadComment } from './load-comment';
import { assertNotSuspended } from '../users/suspension';

export interface ReactionState {
  reactions: number;
  reacted: boolean;
}

/**
 * Reacting to a comment (`on`) or taking the reaction back, the same answer whether or not it changed
 * anything (idempotent). The comment's counter moves only when this call's own write added or removed the
 * reaction (the unique (commentId, userId) index decides which of two racing PUTs did): concurrent
 * reactions of many users end with the exact count. Then the article's readers are told (coalesced).
 */
export async function setReaction(
  ctx: AppContext,
  actor: Actor,
  commentId: string,
  on: boolean,
): Promise<ReactionState> {
  assertNotSuspended(ctx, actor);
  await ctx.limits.consume('reaction', String(actor.id));
  const comment = await loadComment(ctx, commentId);
  if (comment.authorId.equals(actor.id)) throw errors.forbidden('You cannot react to your own comment.');
  assertVisible(comment);

  const changed = on ? await addReaction(ctx, comment._id, actor.id) : await removeReaction(ctx, comment._id, actor.id);
  const reactions = changed ? await moveCounter(ctx, comment._id, on ? 1 : -1) : await currentCount(ctx, comment._id);
  if (changed) ctx.publish.reactions({ articleId: String(comment.articleId), commentId: String(comment._id) });
  return { reactions, reacted: on };
}

/** True when this call inserted the reaction (not when it was there already, or a racing PUT won). */
async function addReaction(ctx: AppContext, commentId: Types.ObjectId, userId: Types.ObjectId): Promise<boolean> {
  try {
    const res = await ctx.models.Reaction.updateOne(
      { commentId, userId },
      { $setOnInsert: { commentId, userId, createdAt: ctx.now() } },
      { upsert: true },
    );
    return res.upsertedCount === 1;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

async function removeReaction(ctx: AppContext, commentId: Types.ObjectId, userId: Types.ObjectId): Promise<boolean> {
  const res = await ctx.models.Reaction.deleteOne({ commentId, userId });
  return res.deletedCount === 1;
}

async function moveCounter(ctx: AppContext, commentId: Types.ObjectId, by: 1 | -1): Promise<number> {
  const updated = await ctx.models.Comment.findOneAndUpdate(
    { _id: commentId },
    { $inc: { reactions: by } },
    { returnDocument: 'after', projection: { reactions: 1 } },
  ).lean();
  return updated?.reactions ?? 0;
}

async function currentCount(ctx: AppContext, commentId: Types.ObjectId): Promise<number> {
  const found = await ctx.models.Comment.findById(commentId, { reactions: 1 }).lean();
  return found?.reactions ?? 0;
}
