import { errors } from '../../shared/errors';
import { hasRole, type Actor, type Domain } from '../domain';
import { assertOutranks, loadTargetUser } from './rank';
import type { StoredComment } from '../comments/load';
import { pathId } from '../comments/load';
import { asRead, userChanged } from '../users/role-guard';
import { toPublicUser, type PublicUser } from '../users/user-view';
import { logModeration } from './log';
import { removeStoredComment } from './remove-restore';

/**
 * Moderators ban members; admins also ban moderators; nobody bans an admin. A ban ends every session of
 * the user at once and, when asked, removes each of their visible comments with its event.
 */
export async function banUser(
  domain: Domain,
  actor: Actor,
  id: string,
  input: { reason: string; removeComments?: boolean },
): Promise<PublicUser> {
  const { User, Comment } = domain.models;
  const target = await loadTargetUser(domain, id);
  assertOutranks(actor, target, 'ban');
  const banned = { $set: { banned: true, banReason: input.reason } };
  const updated = await User.findOneAndUpdate(asRead(target, ['role']), banned, { returnDocument: 'after' }).lean();
  if (!updated) throw userChanged();
  const sessionIds = await domain.sessions.revokeAllOf(target._id);
  domain.publish.sessionsRevoked({ userId: String(target._id), sessionIds, reason: 'banned' });
  await logModeration(domain, actor, 'ban', target._id, input.reason);
  if (input.removeComments) {
    const visible = await Comment.find({ authorId: target._id, status: 'visible', seq: { $ne: null } }).lean<
      StoredComment[]
    >();
    for (const c of visible) await removeStoredComment(domain, actor, c, input.reason);
  }
  return toPublicUser(updated);
}

export async function unbanUser(domain: Domain, actor: Actor, id: string): Promise<PublicUser> {
  if (!hasRole(actor, 'moderator')) throw errors.forbidden();
  const { User } = domain.models;
  const target = await User.findById(pathId(id, 'user')).lean();
  if (!target) throw errors.notFound('No such user.');
  // Admins unban anyone, admins too: a banned admin cannot arise any more, but one banned before the
  // conditional writes existed must not stay locked out for good.
  if (target.role !== 'member' && actor.role !== 'admin') throw errors.forbidden('Only admins can unban moderators.');
  const unbanned = { $set: { banned: false, banReason: null } };
  const updated = await User.findOneAndUpdate(asRead(target, ['role']), unbanned, { returnDocument: 'after' }).lean();
  if (!updated) throw userChanged();
  await logModeration(domain, actor, 'unban', target._id, null);
  return toPublicUser(updated);
}
