import { errors } from '../../shared/errors';
import type { Actor, AppContext } from '../app-context';
import { asRead, userChanged } from '../users/role-guard';
import { toPublicUser, type PublicUser } from '../users/user-view';
import { logModeration } from '../moderation-log/log-moderation';
import { assertOutranks, loadTargetUser } from './rank';

/**
 * Suspends a user until `until` (same rank rules as bans): they read and sign in but may not post, react
 * or report (users/suspension.ts); it lapses by itself at `until`. Suspending again replaces the term.
 */
export async function suspendUser(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { until: Date; reason: string },
): Promise<PublicUser> {
  const target = await loadTargetUser(ctx, id);
  assertOutranks(actor, target, 'suspend');
  if (input.until.getTime() <= ctx.now().getTime())
    throw errors.validationFailed({ until: 'must be in the future' });
  const set = { $set: { suspendedUntil: input.until, suspendReason: input.reason } };
  return changeUser(ctx, actor, target, set, 'suspend', input.reason);
}

/** Lifts a suspension before its term (the same rank rules). */
export async function unsuspendUser(ctx: AppContext, actor: Actor, id: string): Promise<PublicUser> {
  const target = await loadTargetUser(ctx, id);
  assertOutranks(actor, target, 'unsuspend');
  const set = { $set: { suspendedUntil: null, suspendReason: null } };
  return changeUser(ctx, actor, target, set, 'unsuspend', null);
}

/** Holds every comment of a user for review, or stops doing so (`PUT /api/users/:id/premod`). */
export async function setUserPremod(
  ctx: AppContext,
  actor: Actor,
  id: string,
  on: boolean,
): Promise<{ user: PublicUser; premod: boolean }> {
  const target = await loadTargetUser(ctx, id);
  const user = await changeUser(ctx, actor, target, { $set: { premod: on } }, 'premod', on ? 'on' : 'off');
  return { user, premod: on };
}

/** Writes with the role as read in the filter (a promotion meanwhile makes it 409), then logs. */
async function changeUser(
  ctx: AppContext,
  actor: Actor,
  target: Awaited<ReturnType<typeof loadTargetUser>>,
  update: Record<string, unknown>,
  action: 'suspend' | 'unsuspend' | 'premod',
  reason: string | null,
): Promise<PublicUser> {
  const updated = await ctx.models.User.findOneAndUpdate(asRead(target, ['role']), update, {
    returnDocument: 'after',
  }).lean();
  if (!updated) throw userChanged();
  await logModeration(ctx, actor, action, target._id, reason, target._id);
  return toPublicUser(updated);
}
