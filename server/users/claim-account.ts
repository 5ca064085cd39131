import { errors } from '../../shared/errors';
import type { AppContext } from '../app-context';
import { pathId } from '../lib/ids';
import { newResetToken } from './password-reset';

/** How long a claim link works: time to hand it to its person, who proves who they are another way. */
export const CLAIM_TTL_MS = 7 * 24 * 3600_000;

/**
 * An admin claims an imported account (which cannot sign in) for its person: the answer is a one-use link
 * to `/reset-password` where they choose a password, then sign in with the imported username; the account
 * keeps its comments, name and history. Nothing is mailed (an import has no confirmed address): the admin
 * hands the link over. A new link replaces the earlier one.
 */
export async function claimAccount(ctx: AppContext, id: string, origin: string) {
  const user = await ctx.models.User.findById(pathId(id, 'user'), { importKey: 1, passwordHash: 1, sso: 1 }).lean();
  if (!user) throw errors.notFound('No such user.');
  if (!user.importKey || user.sso) throw errors.conflict('Only an imported account can be claimed.');
  if (user.passwordHash) throw errors.conflict('This account was claimed already: it signs in with its password.');
  const { token, expiresAt } = await newResetToken(ctx, user._id, CLAIM_TTL_MS);
  return { url: `${origin}/reset-password#token=${token}`, expiresAt: expiresAt.toISOString() };
}
