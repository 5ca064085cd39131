import type { Types } from 'mongoose';
import type { Actor, AppContext } from '../app-context';
import { deliver, inBackground } from './deliver';

/** What moderators decide about a comment that its author hears of. */
export type ModerationDecision = 'removed' | 'rejected' | 'approved';

export interface DecidedComment {
  _id: Types.ObjectId;
  articleId: Types.ObjectId;
  authorId: Types.ObjectId;
}

const SENTENCE: Record<ModerationDecision, string> = {
  removed: 'Your comment was removed by a moderator.',
  rejected: 'Your comment was rejected by a moderator.',
  approved: 'Your comment was approved and is now shown.',
};

/**
 * Tells a comment's author of a moderator's decision about it (removal; rejection or approval of a held
 * comment), with the reason when one was given. Not when the moderator decided about their own comment.
 * Call it after the decision is stored; it runs in the background and never throws.
 */
export function notifyModerationDecision(
  ctx: AppContext,
  decision: { comment: DecidedComment; actor: Actor; action: ModerationDecision; reason?: string | null },
): Promise<void> {
  const { comment, actor, action, reason } = decision;
  return inBackground(ctx, `a ${action} comment`, async () => {
    if (String(comment.authorId) === String(actor.id)) return;
    const message = reason ? `${SENTENCE[action]} Reason: ${reason}` : SENTENCE[action];
    await deliver(ctx, [
      {
        userId: comment.authorId,
        type: 'moderation',
        commentId: comment._id,
        articleId: comment.articleId,
        actorId: null,
        message,
      },
    ]);
  });
}
