import type { Types } from 'mongoose';
import type { AppContext } from '../app-context';
import type { StoredEvent } from '../events/event-log';
import type { PendingOp } from '../events/pending-op';

/**
 * Stores the event of an article's change marked with a pending op (idempotent by op id), publishes it if
 * this call stored it, then moves the article's counters and clears the mark. The writer and the repair
 * job both finish an article's change here.
 */
export async function finishArticleChange(
  ctx: AppContext,
  articleId: Types.ObjectId,
  op: PendingOp,
): Promise<StoredEvent> {
  const { event, fresh } = await ctx.eventLog.store(articleId, null, op);
  if (fresh) ctx.publish.event(event);
  await Promise.all([
    ctx.eventLog.updateArticleCounters(articleId, event),
    ctx.models.Article.updateOne({ _id: articleId, 'pendingOp.id': op.id }, { $unset: { pendingOp: 1 } }),
  ]);
  return event;
}
