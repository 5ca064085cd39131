import { AppError } from '../../shared/errors';
import { finishPendingCreation } from '../comments/finish-pending';
import type { StoredComment } from '../comments/comment-store';
import type { AppContext } from '../app-context';
import type { PendingOp } from './pending-op';
import { finishArticleChange } from '../articles/article-change';
import { finishPendingChange } from '../comments/change-events';

/** A change younger than this may still be finishing in the process that made it. */
export const REPAIR_AFTER_MS = 5_000;

/**
 * Stores the events of changes whose writer died between the change and its event. Safe to run twice
 * and on several instances at once: events are unique per op, clearing the mark is conditional.
 */
export async function repairPendingChanges(ctx: AppContext, olderThanMs = REPAIR_AFTER_MS): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - olderThanMs);
  const { Comment, Article } = ctx.models;
  let repaired = 0;
  const comments = await Comment.find({ 'pendingOp.at': { $lt: cutoff } }, { articleId: 1, pendingOp: 1 })
    .sort({ 'pendingOp.at': 1 })
    .lean();
  for (const c of comments) {
    const op = c.pendingOp as unknown as PendingOp;
    // A creation without its event had its checks run beside its insert: they run again before it is finished.
    if (op.type === 'comment.created' && !(await ctx.eventLog.findByOp(op.id))) {
      const full = await Comment.findById(c._id).lean<StoredComment>();
      if (full?.pendingOp)
        await finishPendingCreation(ctx, { ...full, pendingOp: full.pendingOp }).catch(refusedOnly);
    } else {
      await finishPendingChange(ctx, c, op);
    }
    repaired++;
  }
  const articles = await Article.find({ 'pendingOp.at': { $lt: cutoff } }, { pendingOp: 1 }).lean();
  for (const a of articles) {
    await finishArticleChange(ctx, a._id, a.pendingOp as unknown as PendingOp);
    repaired++;
  }
  if (repaired) ctx.logger.warn({ repaired }, 'stored the events of interrupted changes');
  return repaired;
}

/** A refused creation was taken out, which is its repair; anything else (the store away) is thrown on. */
function refusedOnly(err: unknown): void {
  if (!(err instanceof AppError) || err.code === 'unavailable' || err.code === 'internal') throw err;
}

/** Runs the repair now, every 30 s, and whenever the store comes back; returns a stop function. */
export function scheduleRepair(
  ctx: AppContext,
  onStoreBack: (listener: () => void) => void,
  everyMs = 30_000,
): () => void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    repairPendingChanges(ctx)
      .catch((err: Error) => ctx.logger.warn({ err: err.message }, 'repair of pending changes failed; will retry'))
      .finally(() => (running = false));
  };
  run();
  onStoreBack(run);
  const timer = setInterval(run, everyMs).unref();
  return () => clearInterval(timer);
}
