import type { Actor, AppContext } from '../app-context';
import { storeChangeEvent, finishPendingChange } from './change-events';
import { newPendingOp } from '../events/pending-op';
import { isDuplicateKey } from '../lib/mongo-errors';
import { viewComments, type PublicComment } from './comment-view';
import { checkCreation } from './creation-checks';
import { finishPendingCreation } from './finish-pending';
import { bodyId, pathId } from '../lib/ids';
import { commentIfCreated } from './load-comment';
import type { StoredComment } from './comment-store';
import { newCommentDoc } from './comment-store';

export interface PostCommentInput {
  articleId: string;
  body: string;
  parentId?: string | null;
  quoteId?: string | null;
  clientId?: string;
  /** The caller's address (its per-address key), for the per-address limit on posts. */
  from?: string;
}

/** The first comment stored with this clientId, finished (checked again first) if its event is not stored. */
async function replay(ctx: AppContext, existing: StoredComment, actor: Actor): Promise<PublicComment> {
  const op = existing.pendingOp;
  if (op?.type === 'comment.created' && !(await ctx.eventLog.findByOp(op.id)))
    await finishPendingCreation(ctx, { ...existing, pendingOp: op });
  else if (op) await finishPendingChange(ctx, existing, op);
  const current = (await ctx.models.Comment.findById(existing._id).lean<StoredComment>())!;
  const settled = (await commentIfCreated(ctx, current)) ?? current;
  return (await viewComments(ctx.models, [settled], { moderator: actor.role !== 'member' }))[0]!;
}

/**
 * A post refused by a rate limit may be the retry of an earlier one (same clientId), which the contract
 * answers with its comment even over the limit. Finding out costs a store read, so a flood of refused
 * posts each carrying a new clientId would cost one read each: those look-ups have a small bucket of their
 * own per user (a client that lost an answer retries a few times, not hundreds); past it the refusal stands.
 */
async function retriedOverLimit(ctx: AppContext, actor: Actor, idem: Record<string, unknown> | undefined) {
  if (!idem) return null;
  try {
    await ctx.limits.consume('replayLookup', String(actor.id));
  } catch {
    return null;
  }
  return retried(ctx, actor, idem);
}

/** The comment this clientId already names, answered as the retry it is; null when there is none. */
async function retried(
  ctx: AppContext,
  actor: Actor,
  idem: Record<string, unknown> | undefined,
): Promise<{ comment: PublicComment; created: false } | null> {
  const existing = idem ? await ctx.models.Comment.findOne(idem).lean<StoredComment>() : null;
  return existing ? { comment: await replay(ctx, existing, actor), created: false } : null;
}

/**
 * Posting a comment, the same for REST and sockets. The rate limits first (per user and per address: a
 * refused flood never reaches the store), but a retry of an earlier post (same clientId) is answered even
 * over them (see retriedOverLimit). Then the
 * comment goes in with a pending creation event *beside* the checks (article, lock, parent, quote): one
 * round trip instead of two on the way to every reader. It stays invisible until its event is stored, and
 * is taken out when a check refuses the post. Then the event and the publication.
 */
export async function postComment(
  ctx: AppContext,
  actor: Actor,
  input: PostCommentInput,
): Promise<{ comment: PublicComment; created: boolean }> {
  const { Comment } = ctx.models;
  const articleId = pathId(input.articleId, 'article');
  const parentId = input.parentId ? bodyId(input.parentId, 'parentId') : null;
  const quoteId = input.quoteId ? bodyId(input.quoteId, 'quoteId') : null;
  const idem = input.clientId ? { authorId: actor.id, articleId, clientId: input.clientId } : undefined;
  try {
    await ctx.limits.consume('comment', String(actor.id));
    if (input.from !== undefined) await ctx.limits.consume('commentAddress', input.from);
  } catch (err) {
    const retry = await retriedOverLimit(ctx, actor, idem);
    if (retry) return retry;
    throw err;
  }

  const at = ctx.now();
  const op = newPendingOp('comment.created', 1, at);
  const stored = newCommentDoc({
    articleId,
    authorId: actor.id,
    parentId,
    quoteId,
    body: input.body,
    rendered: ctx.renderer.render(input.body),
    createdAt: at,
    op,
    clientId: input.clientId,
  });
  const [inserted, checked] = await Promise.allSettled([
    Comment.collection.insertOne(stored),
    checkCreation(ctx, { articleId, parentId, quoteId }),
  ]);
  if (inserted.status === 'rejected') {
    // An earlier post with this clientId holds the unique index: answer with its comment.
    const retry = idem && isDuplicateKey(inserted.reason, 'clientId') ? await retried(ctx, actor, idem) : null;
    if (retry) return retry;
    throw inserted.reason;
  }
  if (checked.status === 'rejected') {
    // Never seen by anyone (no event); if this delete fails, the repair job checks it again and drops it.
    await Comment.deleteOne({ _id: stored._id, 'pendingOp.id': op.id });
    // Unless a retry of this post (or the repair) checked it meanwhile, passed (a lock undone between the
    // two checks) and stored its event: then the post stands, and its comment is put back for that event.
    if (await ctx.eventLog.findByOp(op.id)) {
      await Comment.collection.insertOne({ ...stored });
      return { comment: await replay(ctx, stored, actor), created: false };
    }
    throw checked.reason;
  }
  // A new comment is visible, so the public view readers get is also the author's answer. The author is
  // the actor: no query for them.
  const author = { _id: actor.id, username: actor.username, displayName: actor.displayName };
  const viewAt = async (seq: number) =>
    (await viewComments(ctx.models, [{ ...stored, seq }], { moderator: false, knownUsers: [author] }))[0]!;
  const { event, view } = await storeChangeEvent(ctx, stored, op, viewAt);
  ctx.counters.commentPosted();
  return { comment: view ?? (await viewAt(event.seq)), created: true };
}
