import { errors } from '../../shared/errors';
import type { Actor, AppContext } from '../app-context';
import { toPublicUser, type PublicUser } from './user-view';

/** The signed-in user's own account, read fresh (a role changed since the session began shows at once). */
export async function getMe(ctx: AppContext, actor: Actor): Promise<PublicUser> {
  const user = await ctx.models.User.findById(actor.id).lean();
  if (!user) throw errors.unauthenticated();
  return toPublicUser(user);
}
