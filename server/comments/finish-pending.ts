import type { AppContext } from '../app-context';
import type { PendingOp } from '../events/pending-op';
import { isRefusal } from '../lib/refusal';
import { finishPendingChange } from './change-events';
import { takeOutRefused, type StoredComment } from './comment-store';
import { checkCreation } from './creation-checks';

/**
 * Finishes a creation left pending without its event (by a writer that died or failed, for the repair job;
 * by one that may still be at work, for a retry of the same post): its checks ran beside its insert, so
 * they are run again first. A refused one is taken out (it was never answered 201) and the refusal thrown;
 * a store failure is thrown as it is.
 */
export async function finishPendingCreation(
  ctx: AppContext,
  comment: StoredComment & { pendingOp: PendingOp },
): Promise<void> {
  try {
    await checkCreation(ctx, comment);
  } catch (err) {
    if (isRefusal(err)) await takeOutRefused(ctx, comment, comment.pendingOp);
    throw err;
  }
  await finishPendingChange(ctx, comment, comment.pendingOp);
}

/**
 * Finishes whatever change a comment still marks as pending (nothing when none): a creation whose event is
 * not stored is checked again first (finishPendingCreation); any other change, or a creation whose event a
 * racing writer stored, only needs its event and follow-ups (finishPendingChange). The retry of a post and
 * the repair job both come through here.
 */
export async function finishPendingOp(ctx: AppContext, comment: StoredComment): Promise<void> {
  const op = comment.pendingOp;
  if (!op) return;
  if (op.type === 'comment.created' && !(await ctx.eventLog.findByOp(op.id)))
    await finishPendingCreation(ctx, { ...comment, pendingOp: op });
  else await finishPendingChange(ctx, comment, op);
}
