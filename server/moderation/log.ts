import type { Types } from 'mongoose';
import type { Actor, Domain } from '../domain';
import type { ModerationAction } from './log-model';

/** Every moderation action goes to the log, with who, what, on what, why and when. */
export async function logModeration(
  domain: Domain,
  actor: Actor,
  action: ModerationAction,
  targetId: Types.ObjectId,
  reason: string | null | undefined,
  /** The user the action is about, when the target is not a user (a comment's author): their history shows it. */
  subjectId?: Types.ObjectId,
): Promise<void> {
  await domain.models.ModerationLog.create({
    actorId: actor.id,
    action,
    targetId,
    reason: reason ?? null,
    at: domain.now(),
    ...(subjectId ? { subjectId } : {}),
  });
  domain.counters.moderationAction(action);
}
