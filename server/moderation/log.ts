import type { Types } from 'mongoose';
import type { Actor, AppContext } from '../app-context';
import type { ModerationAction } from '../moderation-log/log-model';

/** Every moderation action goes to the log, with who, what, on what, why and when. */
export async function logModeration(
  ctx: AppContext,
  actor: Actor,
  action: ModerationAction,
  targetId: Types.ObjectId,
  reason: string | null | undefined,
): Promise<void> {
  await ctx.models.ModerationLog.create({
    actorId: actor.id,
    action,
    targetId,
    reason: reason ?? null,
    at: ctx.now(),
  });
  ctx.counters.moderationAction(action);
}
