import { errors } from '../../shared/errors';
import { hasRole, ROLE_RANK, type Actor, type AppContext } from '../app-context';
import type { StoredComment } from '../comments/comment-store';
import { pathId } from '../lib/ids';
import { asRead, userChanged } from '../users/role-guard';
import { toPublicUser, type PublicUser } from '../users/user-view';
import { logModeration } from '../moderation-log/log-moderation';
import { removeStoredComment } from './remove-restore';

/**
 * Moderators ban members; admins also ban moderators; nobody bans an admin. A ban ends every session of
 * the user at once and, when asked, removes each of their visible comments with its event.
 */
export async function banUser(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { reason: string; removeComments?: boolean },
): Promise<PublicUser> {
  const { User, Comment } = ctx.models;
  const target = await User.findById(pathId(id, 'user')).lean();
  if (!target) throw errors.notFound('No such user.');
  if (target._id.equals(actor.id)) throw errors.forbidden('You cannot ban yourself.');
  if (target.role === 'admin') throw errors.forbidden('Nobody can ban an admin.');
  if (ROLE_RANK[target.role] >= ROLE_RANK[actor.role]) throw errors.forbidden('Only admins can ban moderators.');
  const banned = { $set: { banned: true, banReason: input.reason } };
  const updated = await User.findOneAndUpdate(asRead(target, ['role']), banned, { returnDocument: 'after' }).lean();
  if (!updated) throw userChanged();
  const sessionIds = await ctx.sessions.revokeAllOf(target._id);
  ctx.publish.sessionsRevoked({ userId: String(target._id), sessionIds, reason: 'banned' });
  await logModeration(ctx, actor, 'ban', target._id, input.reason);
  if (input.removeComments) {
    const visible = await Comment.find({ authorId: target._id, status: 'visible', seq: { $ne: null } }).lean<
      StoredComment[]
    >();
    for (const c of visible) await removeStoredComment(ctx, actor, c, input.reason);
  }
  return toPublicUser(updated);
}

export async function unbanUser(ctx: AppContext, actor: Actor, id: string): Promise<PublicUser> {
  if (!hasRole(actor, 'moderator')) throw errors.forbidden();
  const { User } = ctx.models;
  const target = await User.findById(pathId(id, 'user')).lean();
  if (!target) throw errors.notFound('No such user.');
  // Admins unban anyone, admins too: a banned admin cannot arise any more, but one banned before the
  // conditional writes existed must not stay locked out for good.
  if (target.role !== 'member' && actor.role !== 'admin') throw errors.forbidden('Only admins can unban moderators.');
  const unbanned = { $set: { banned: false, banReason: null } };
  const updated = await User.findOneAndUpdate(asRead(target, ['role']), unbanned, { returnDocument: 'after' }).lean();
  if (!updated) throw userChanged();
  await logModeration(ctx, actor, 'unban', target._id, null);
  return toPublicUser(updated);
}
