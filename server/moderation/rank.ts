import { errors } from '../../shared/errors';
import { ROLE_RANK, type Actor, type AppContext } from '../app-context';
import { pathId } from '../lib/ids';
import type { Role } from '../users/user-model';

/** The user a moderation action is about; 404 when there is none. */
export async function loadTargetUser(ctx: AppContext, id: string) {
  const target = await ctx.models.User.findById(pathId(id, 'user')).lean();
  if (!target) throw errors.notFound('No such user.');
  return target;
}

/**
 * The rank rules of bans and suspensions: moderators act on members, admins on moderators too; nobody on
 * an admin or on themselves. `what` names the action in the refusal ("ban", "suspend").
 */
export function assertOutranks(actor: Actor, target: { _id: Actor['id']; role: Role }, what: string): void {
  if (target._id.equals(actor.id)) throw errors.forbidden(`You cannot ${what} yourself.`);
  if (target.role === 'admin') throw errors.forbidden(`Nobody can ${what} an admin.`);
  if (ROLE_RANK[target.role] >= ROLE_RANK[actor.role]) throw errors.forbidden(`Only admins can ${what} moderators.`);
}
