import type { AppContext } from '../app-context';
import type { StoredComment } from '../comments/comment-store';
import { tellOfComment } from '../notifications/tell-comment';

/**
 * Tells of the comments whose writer died (or failed) before their replies and mentions were told
 * (their `notifyPending` mark, older than `cutoff`); answers how many. A held comment waits for its
 * approval, which tells; a creation still without its event waits for the repair of that; a comment
 * no longer visible (rejected, removed, deleted) tells nobody, so its mark just goes.
 */
export async function repairUntold(ctx: AppContext, cutoff: Date): Promise<number> {
  const { Comment, User } = ctx.models;
  const marked = await Comment.find({ notifyPending: true, createdAt: { $lt: cutoff }, status: { $ne: 'pending' } })
    .sort({ createdAt: 1 })
    .lean<StoredComment[]>();
  let told = 0;
  for (const comment of marked) {
    if (comment.status === 'visible' && comment.seq === null) continue;
    const author = await User.findById(comment.authorId, { displayName: 1 }).lean();
    await tellOfComment(ctx, { id: comment.authorId, displayName: author?.displayName ?? 'Someone' }, comment);
    told++;
  }
  return told;
}
