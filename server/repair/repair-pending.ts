import type { AppContext } from '../app-context';
import { finishArticleChange } from '../articles/article-change';
import type { StoredComment } from '../comments/comment-store';
import { finishPendingOp } from '../comments/finish-pending';
import type { PendingOp } from '../events/pending-op';
import { isRefusal } from '../lib/refusal';
import { repairUntold } from './repair-told';

/** A change younger than this may still be finishing in the process that made it. */
export const REPAIR_AFTER_MS = 5_000;

/**
 * Stores the events of changes whose writer died between the change and its event, then tells of the
 * comments whose notifications were cut off (repair-told.ts). Safe to run twice and on several instances
 * at once: events are unique per op, clearing the mark is conditional, notifications and mail are made
 * once per comment. Answers how many events it stored.
 */
export async function repairPendingChanges(ctx: AppContext, olderThanMs = REPAIR_AFTER_MS): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - olderThanMs);
  const { Comment, Article } = ctx.models;
  let repaired = 0;
  const comments = await Comment.find({ 'pendingOp.at': { $lt: cutoff } })
    .sort({ 'pendingOp.at': 1 })
    .lean<StoredComment[]>();
  for (const c of comments) {
    // A refused creation was taken out, which is its repair; anything else (the store away) is thrown on.
    await finishPendingOp(ctx, c).catch((err: unknown) => {
      if (!isRefusal(err)) throw err;
    });
    repaired++;
  }
  const articles = await Article.find({ 'pendingOp.at': { $lt: cutoff } }, { pendingOp: 1 }).lean();
  for (const a of articles) {
    await finishArticleChange(ctx, a._id, a.pendingOp as unknown as PendingOp);
    repaired++;
  }
  if (repaired) ctx.logger.warn({ repaired }, 'stored the events of interrupted changes');
  // After the events above: a creation is told of once it is published.
  const told = await repairUntold(ctx, cutoff);
  if (told) ctx.logger.warn({ told }, 'told of comments whose notifications were interrupted');
  return repaired;
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
