import type { Types } from 'mongoose';
import type { Actor, AppContext } from '../app-context';
import type { StoredComment } from './comment-store';
import { viewComments, type PublicComment } from './comment-view';
import { finishPendingOp } from './finish-pending';
import { commentIfCreated } from './load-comment';

/** Finds the earlier post a retry repeats: the same author, article and clientId (a unique index). */
export type SamePostFilter = { authorId: Types.ObjectId; articleId: Types.ObjectId; clientId: string } | undefined;

export type RetryAnswer = { comment: PublicComment; created: false };

/** The first comment stored with this clientId, finished (checked again first) if its event is not stored. */
export async function replay(ctx: AppContext, existing: StoredComment, actor: Actor): Promise<PublicComment> {
  await finishPendingOp(ctx, existing);
  const current = (await ctx.models.Comment.findById(existing._id).lean<StoredComment>())!;
  const settled = (await commentIfCreated(ctx, current)) ?? current;
  return (await viewComments(ctx.models, [settled], { moderator: actor.role !== 'member', viewerId: actor.id }))[0]!;
}

/** The comment this clientId already names, answered as the retry it is; null when there is none. */
export async function retried(ctx: AppContext, actor: Actor, samePost: SamePostFilter): Promise<RetryAnswer | null> {
  const existing = samePost ? await ctx.models.Comment.findOne(samePost).lean<StoredComment>() : null;
  return existing ? { comment: await replay(ctx, existing, actor), created: false } : null;
}

/**
 * A post refused by a rate limit may be the retry of an earlier one (same clientId), which the contract
 * answers with its comment even over the limit. Finding out costs a store read, so a flood of refused
 * posts each carrying a new clientId would cost one read each: those look-ups have a small bucket of their
 * own per user (a client that lost an answer retries a few times, not hundreds); past it the refusal stands.
 */
async function retriedOverLimit(ctx: AppContext, actor: Actor, samePost: SamePostFilter) {
  if (!samePost) return null;
  try {
    await ctx.limits.consume('replayLookup', String(actor.id));
  } catch {
    return null;
  }
  return retried(ctx, actor, samePost);
}

/**
 * The rate limits of a post (per user and per address: a refused flood never reaches the store); over
 * them, the answer to the retry of an earlier post, or the refusal. Null when the post may go ahead.
 */
export async function limitOrReplay(
  ctx: AppContext,
  actor: Actor,
  from: string | undefined,
  samePost: SamePostFilter,
): Promise<RetryAnswer | null> {
  try {
    await ctx.limits.consume('comment', String(actor.id));
    if (from !== undefined) await ctx.limits.consume('commentAddress', from);
    return null;
  } catch (err) {
    const retry = await retriedOverLimit(ctx, actor, samePost);
    if (retry) return retry;
    throw err;
  }
}
