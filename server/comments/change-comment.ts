import { errors } from '../../shared/errors';
import type { AppContext } from '../app-context';
import type { EventType } from '../events/event-model';
import { storeChangeEvent, finishPendingChange } from './change-events';
import { newPendingOp } from '../events/pending-op';
import { viewComments } from './comment-view';
import type { StoredComment } from './comment-store';

export interface CommentChange {
  /** What must still hold for the change to apply (e.g. `{ status: 'visible' }`): checked atomically. */
  guard: Record<string, unknown>;
  set: Record<string, unknown>;
  type: EventType;
  countDelta: number;
}

/**
 * Applies one change to a comment atomically together with its pending event, then stores the event.
 * A change whose guard no longer holds (someone else changed the comment first) answers 409... except
 * when the only obstacle was an earlier change still finishing: that one is completed first.
 */
export async function changeComment(
  ctx: AppContext,
  comment: StoredComment,
  change: CommentChange,
): Promise<StoredComment> {
  const { Comment } = ctx.models;
  for (let attempt = 0; attempt < 3; attempt++) {
    const op = newPendingOp(change.type, change.countDelta, ctx.now());
    const updated = await Comment.findOneAndUpdate(
      { _id: comment._id, ...change.guard, pendingOp: { $exists: false } },
      { $set: { ...change.set, pendingOp: op } },
      { returnDocument: 'after' },
    ).lean<StoredComment>();
    if (updated) {
      // Readers get the comment as it is now without the broadcaster reading it back.
      await storeChangeEvent(
        ctx,
        updated,
        op,
        async () => (await viewComments(ctx.models, [updated], { moderator: false }))[0]!,
      );
      return updated;
    }
    const current = await Comment.findById(comment._id).lean<StoredComment>();
    if (!current) throw errors.notFound('No such comment.');
    if (!current.pendingOp) break;
    await finishPendingChange(ctx, current, current.pendingOp);
  }
  throw errors.conflict('The comment changed meanwhile; reload it and try again.');
}
