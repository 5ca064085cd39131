import type { Types } from 'mongoose';
import type { PublicComment } from '../../shared/types';
import type { AppContext } from '../app-context';
import type { StoredEvent } from '../events/event-log';
import type { PendingOp } from '../events/pending-op';
import { settled } from './post-rounds';

/** The comment of a change; `parentId` when the caller has it (undefined: not known, read when needed). */
export type ChangedComment = { _id: Types.ObjectId; articleId: Types.ObjectId; parentId?: Types.ObjectId | null };

/** The comment's public view as of its event (the event's seq given), when the writer can make it. */
export type ViewAtSeq = (seq: number) => Promise<PublicComment>;

/**
 * Stores the event of a change marked with a pending op (idempotent by op id) and publishes it, then
 * starts the follow-up writes: the article's counters and clearing the mark (for a creation, also writing
 * the comment's seq); answers with those still under way (`rest`).
 *
 * The event is published as soon as it is durable, before the follow-ups, which is what readers wait for;
 * and only by the caller that stored it, so it goes out once even when a retry or the repair races its
 * writer. (A writer that died between storing and publishing leaves a lost broadcast, which readers repair
 * from /events when presence.lastSeq shows it.) A reader who acts on the event (a reply, a quote, a link)
 * before the follow-ups land finds the comment through `commentIfCreated` (comment-store.ts).
 */
async function storeAndPublish(ctx: AppContext, comment: ChangedComment, op: PendingOp, viewAt?: ViewAtSeq) {
  const { event, fresh } = await ctx.eventLog.store(comment.articleId, comment._id, op);
  const view = fresh && viewAt ? await viewAt(event.seq) : undefined;
  if (fresh) ctx.publish.event(event, view);
  const rest = Promise.all([
    ctx.eventLog.updateArticleCounters(comment.articleId, event),
    clearMark(ctx, comment, op, event),
  ]);
  return { event, view, rest };
}

/**
 * `finishPendingChange` for many changes of one article, in their order, with bulk writes (the
 * importer's way): one insert for the events when nobody races it, one for the follow-ups.
 */
export async function finishPendingChanges(
  ctx: AppContext,
  articleId: Types.ObjectId,
  changes: { _id: Types.ObjectId; op: PendingOp }[],
): Promise<StoredEvent[]> {
  if (!changes.length) return [];
  const stored = await ctx.eventLog.storeMany(
    articleId,
    changes.map((c) => ({ commentId: c._id, op: c.op })),
  );
  for (const { event, fresh } of stored) if (fresh) ctx.publish.event(event);
  const updates = stored.map(({ event }, i) => {
    const [filter, update] = settled(changes[i]!._id, changes[i]!.op, event);
    return { updateOne: { filter, update } };
  });
  await Promise.all([
    ctx.eventLog.updateArticleCounters(articleId, stored[stored.length - 1]!.event),
    ctx.models.Comment.bulkWrite(updates, { ordered: false }),
  ]);
  return stored.map((s) => s.event);
}

/**
 * Clears the change's mark and, when the change made a reply visible or hidden, moves its parent's
 * `replyCount`: only the caller whose write cleared the mark does (a retry or the repair racing the writer
 * finds it gone), so each change counts once, as the article's count does through updateArticleCounters.
 * A change known to move no count (no parent, or no delta) is settled in the round of the article's
 * overlapping changes, one command for them all (post-rounds.ts).
 */
async function clearMark(ctx: AppContext, comment: ChangedComment, op: PendingOp, event: StoredEvent): Promise<void> {
  if (comment.parentId === null || op.countDelta === 0) {
    await ctx.rounds.settle(String(comment.articleId), { commentId: comment._id, op, event });
    return;
  }
  const { Comment } = ctx.models;
  const [filter, update] = settled(comment._id, op, event);
  const cleared = await Comment.findOneAndUpdate(filter, update, { projection: { parentId: 1 } }).lean();
  if (cleared?.parentId && op.countDelta !== 0) {
    await Comment.updateOne({ _id: cleared.parentId }, { $inc: { replyCount: op.countDelta } });
  }
}

/**
 * Finishes a change marked with a pending op, follow-ups included. Used by the repair job (or a clientId
 * retry, or a read) when a process died, stalled or is still busy in between.
 */
export async function finishPendingChange(
  ctx: AppContext,
  comment: ChangedComment,
  op: PendingOp,
): Promise<StoredEvent> {
  const { event, rest } = await storeAndPublish(ctx, comment, op);
  await rest;
  return event;
}

/**
 * The writer's own way through a change: answers once the event is durable (and published), which is
 * what "acknowledged" promises, without waiting for the follow-up writes; one that fails is logged and
 * left to the repair job (the mark stays until it is done).
 */
export async function storeChangeEvent(
  ctx: AppContext,
  comment: ChangedComment,
  op: PendingOp,
  viewAt: ViewAtSeq,
): Promise<{ event: StoredEvent; view?: PublicComment }> {
  const { event, view, rest } = await storeAndPublish(ctx, comment, op, viewAt);
  rest.catch((err: unknown) =>
    ctx.logger.warn(
      { err, commentId: String(comment._id), seq: event.seq },
      'follow-up of a stored event failed; the repair job finishes it',
    ),
  );
  return { event, view };
}
