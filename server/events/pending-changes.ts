import type { Types } from 'mongoose';
import type { Domain } from '../domain';
import type { StoredEvent } from './event-log';
import type { PendingOp } from './pending-op';

/**
 * Finishes a change marked with a pending op: stores its event (idempotent by op id), then clears the
 * mark (and, for a creation, writes the comment's seq), then publishes. Used right after the change by
 * the use-case, and later by the repair job (or a clientId retry) when a process died or stalled in
 * between. When two of them race, only the one whose update cleared the mark publishes: the event goes
 * out once.
 */
export async function completeCommentChange(domain: Domain, comment: { _id: Types.ObjectId; articleId: Types.ObjectId }, op: PendingOp): Promise<StoredEvent> {
  const event = await domain.eventLog.store(comment.articleId, comment._id, op);
  const set = op.type === 'comment.created' ? { $set: { seq: event.seq } } : {};
  const cleared = await domain.models.Comment.updateOne({ _id: comment._id, 'pendingOp.id': op.id }, { ...set, $unset: { pendingOp: 1 } });
  if (cleared.modifiedCount === 1) domain.publish(event);
  return event;
}

export async function completeArticleChange(domain: Domain, articleId: Types.ObjectId, op: PendingOp): Promise<StoredEvent> {
  const event = await domain.eventLog.store(articleId, null, op);
  const cleared = await domain.models.Article.updateOne({ _id: articleId, 'pendingOp.id': op.id }, { $unset: { pendingOp: 1 } });
  if (cleared.modifiedCount === 1) domain.publish(event);
  return event;
}
