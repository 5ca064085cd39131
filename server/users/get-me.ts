import { errors } from '../../shared/errors';
import type { Actor, Domain } from '../domain';
import { toPublicUser, type PublicUser } from './user-view';

/** The signed-in user's own account, read fresh (a role changed since the session began shows at once). */
export async function getMe(domain: Domain, actor: Actor): Promise<PublicUser> {
  const user = await domain.models.User.findById(actor.id).lean();
  if (!user) throw errors.unauthenticated();
  return toPublicUser(user);
}
