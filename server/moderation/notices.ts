// What the moderators' live queue hears from the use-cases (through the instance's publisher; the live
// layer sends it to the `moderation` room on every instance).
import type { Types } from 'mongoose';
import type { DecidedAction, QueueReport } from '../../shared/events';
import type { Actor, Domain } from '../domain';
import { viewComments, type CommentFields } from '../comments/comment-view';
import { toUserRef } from '../users/user-view';

/** A comment was held for review. */
export async function publishHeld(domain: Domain, comment: CommentFields): Promise<void> {
  const [view] = await viewComments(domain.models, [comment], { moderator: true });
  domain.publish.moderation({ item: { kind: 'pending', comment: view! } });
}

/** A comment got its first open report. */
export async function publishReported(domain: Domain, comment: CommentFields, reports: QueueReport[]): Promise<void> {
  const [view] = await viewComments(domain.models, [comment], { moderator: true });
  domain.publish.moderation({ item: { kind: 'reported', comment: view!, reports } });
}

/** A moderator approved, rejected, removed, restored or dismissed. */
export function publishDecided(domain: Domain, actor: Actor, commentId: Types.ObjectId, action: DecidedAction): void {
  const by = toUserRef({ _id: actor.id, username: actor.username, displayName: actor.displayName });
  domain.publish.moderation({ decided: { commentId: String(commentId), action, by } });
}
