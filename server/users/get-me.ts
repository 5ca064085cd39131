import { errors } from '../../shared/errors';
import type { Actor, AppContext } from '../app-context';
import { toOwnUser, type OwnUser } from './user-view';

/** The signed-in user's own account, read fresh (a role changed since the session began shows at once). */
export async function getMe(ctx: AppContext, actor: Actor): Promise<OwnUser> {
  const user = await ctx.models.User.findById(actor.id).lean();
  if (!user) throw errors.unauthenticated();
  return toOwnUser(user);
}
