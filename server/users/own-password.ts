import { errors } from '../../shared/errors';
import type { Actor, AppContext } from '../app-context';
import { hashPassword, verifyPassword } from './passwords';
import { toPublicUser, type PublicUser } from './user-view';

/**
 * Checks the signed-in user's own password before a change to the account, counted against the same
 * per-(username, address) budget as logins, so a stolen session cannot guess the password faster here.
 * An account without a password (single sign-on, import) has nothing to check: 403.
 */
export async function checkOwnPassword(ctx: AppContext, actor: Actor, password: string, address: string) {
  const user = await ctx.models.User.findById(actor.id).lean();
  if (!user) throw errors.unauthenticated();
  if (!user.passwordHash) throw errors.forbidden('This account has no password: it signs in through another site.');
  const budget = `${user.usernameKey}|${address}`;
  await ctx.limits.consume('loginUser', budget);
  // 401 as for a wrong login; the session itself stays valid.
  if (!(await verifyPassword(user.passwordHash, password))) throw errors.unauthenticated('Wrong password.');
  await ctx.limits.reset('loginUser', budget);
  return { ...user, passwordHash: user.passwordHash };
}

/** Sets a new password and ends the user's other sessions (and their sockets); this one stays. */
export async function changePassword(
  ctx: AppContext,
  actor: Actor,
  input: { current: string; next: string },
  address: string,
): Promise<PublicUser> {
  const user = await checkOwnPassword(ctx, actor, input.current, address);
  const passwordHash = await hashPassword(input.next);
  // Guarded by the hash that was checked: of two changes at once, the second must prove the new password.
  const asChecked = { _id: user._id, passwordHash: user.passwordHash };
  const changed = await ctx.models.User.updateOne(asChecked, { $set: { passwordHash } });
  if (changed.modifiedCount !== 1) throw errors.conflict('The password changed meanwhile; sign in again.');
  const sessionIds = await ctx.sessions.revokeAllOf(user._id, actor.sessionId);
  if (sessionIds.length) {
    ctx.publish.sessionsRevoked({ userId: String(user._id), sessionIds, reason: 'signed-out-elsewhere' });
  }
  return toPublicUser(user);
}
