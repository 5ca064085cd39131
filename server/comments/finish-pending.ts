import type { AppContext } from '../app-context';
import type { PendingOp } from '../events/pending-op';
import { isRefusal } from '../lib/refusal';
import { finishPendingChange } from './change-events';
import { takeOutRefused, type StoredComment } from './comment-store';
import { checkCreation } from './creation-checks';
import { holdPendingCreation, holdsComment } from './hold';
import { readModerationSettings } from './premod-settings';

/**
 * Finishes a creation left pending without its event (by a writer that died or failed, for the repair job;
 * by one that may still be at work, for a retry of the same post): its checks ran beside its insert, so
 * they are run again first. A refused one is taken out (it was never answered 201) and the refusal thrown;
 * a store failure is thrown as it is. The pre-moderation rules are asked again too: a held one is held.
 * An approval (a held comment a moderator published: `decidedAt`) was checked when it was posted and is
 * finished as it is (moderation works on a locked thread too).
 */
export async function finishPendingCreation(
  ctx: AppContext,
  comment: StoredComment & { pendingOp: PendingOp },
): Promise<void> {
  if (comment.decidedAt) {
    await finishPendingChange(ctx, comment, comment.pendingOp);
    return;
  }
  try {
    const [article, settings, author] = await Promise.all([
      checkCreation(ctx, comment),
      readModerationSettings(ctx),
      ctx.models.User.findById(comment.authorId, { role: 1, premod: 1 }).lean(),
    ]);
    const rules = { id: comment.authorId, role: author?.role ?? 'member', premod: author?.premod ?? false };
    const held = await holdsComment(ctx, rules, comment, { settings, thread: article.premod });
    if (held && (await holdPendingCreation(ctx, comment, comment.pendingOp))) return;
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
