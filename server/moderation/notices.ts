// What the moderators' live queue hears from the use-cases (through the instance's publisher; the live
// layer sends it to the `moderation` room on every instance).
import type { Types } from 'mongoose';
import type { DecidedAction, QueueReport } from '../../shared/events';
import type { Actor, AppContext } from '../app-context';
import { viewComments, type CommentFields } from '../comments/comment-view';
import { toUserRef } from '../users/user-view';

/** A comment was held for review. */
export async function publishHeld(ctx: AppContext, comment: CommentFields): Promise<void> {
  const [view] = await viewComments(ctx.models, [comment], { moderator: true });
  ctx.publish.moderation({ item: { kind: 'pending', comment: view! } });
}

/** A comment got its first open report. */
export async function publishReported(ctx: AppContext, comment: CommentFields, reports: QueueReport[]): Promise<void> {
  const [view] = await viewComments(ctx.models, [comment], { moderator: true });
  ctx.publish.moderation({ item: { kind: 'reported', comment: view!, reports } });
}

/** A moderator approved, rejected, removed, restored or dismissed. */
export function publishDecided(ctx: AppContext, actor: Actor, commentId: Types.ObjectId, action: DecidedAction): void {
  const by = toUserRef({ _id: actor.id, username: actor.username, displayName: actor.displayName });
  ctx.publish.moderation({ decided: { commentId: String(commentId), action, by } });
}
