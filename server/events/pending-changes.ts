import type { Types } from 'mongoose';
import type { PublicComment } from '../../shared/types';
import type { Domain } from '../domain';
import type { StoredEvent } from './event-log';
import type { PendingOp } from './pending-op';

/** The comment's public view as of its event (the event's seq given), when the writer can make it. */
export type ViewAtSeq = (seq: number) => Promise<PublicComment>;

/**
 * Finishes a change marked with a pending op: stores its event (idempotent by op id), publishes it, then
 * sets the article's counters and clears the mark (for a creation, also writes the comment's seq). Used
 * right after the change by the use-case, and later by the repair job (or a clientId retry) when a
 * process died or stalled in between.
 *
 * The event is published as soon as it is durable, before the two follow-up writes, which is what readers
 * wait for; and only by the caller that stored it, so it goes out once even when a retry or the repair
 * races its writer. (A writer that died between storing and publishing leaves a lost broadcast, which
 * readers repair from /events when presence.lastSeq shows it.)
 */
export async function completeCommentChange(
  domain: Domain,
  comment: { _id: Types.ObjectId; articleId: Types.ObjectId },
  op: PendingOp,
  viewAt?: ViewAtSeq,
): Promise<{ event: StoredEvent; view?: PublicComment }> {
  const { event, fresh } = await domain.eventLog.store(comment.articleId, comment._id, op);
  const view = fresh && viewAt ? await viewAt(event.seq) : undefined;
  if (fresh) domain.publish(event, view);
  const set = op.type === 'comment.created' ? { $set: { seq: event.seq } } : {};
  await Promise.all([
    domain.eventLog.followLog(comment.articleId, event),
    domain.models.Comment.updateOne({ _id: comment._id, 'pendingOp.id': op.id }, { ...set, $unset: { pendingOp: 1 } }),
  ]);
  return { event, view };
}

export async function completeArticleChange(domain: Domain, articleId: Types.ObjectId, op: PendingOp): Promise<StoredEvent> {
  const { event, fresh } = await domain.eventLog.store(articleId, null, op);
  if (fresh) domain.publish(event);
  await Promise.all([
    domain.eventLog.followLog(articleId, event),
    domain.models.Article.updateOne({ _id: articleId, 'pendingOp.id': op.id }, { $unset: { pendingOp: 1 } }),
  ]);
  return event;
}
