/**
 * Single sign-on (contract: "v2 · Single sign-on"): a host's signed token signs its reader in to the
 * account of (`sso`, `sub`), made on first sight. The token is checked in sso-token.ts.
 */
import { errors } from '../../shared/errors';
import { usernameKey } from '../../shared/text';
import type { AppContext } from '../app-context';
import { isDuplicateKey } from '../lib/mongo-errors';
import type { SignedIn } from './accounts';
import { displayNameFrom, usernameCandidate, usernameFrom } from './sso-names';
import { SSO_CLOCK_SKEW_S, ssoRefused, verifySsoToken, type SsoClaims } from './sso-token';
import type { SsoTokenRef } from './session-store';
import type { UserDoc } from './user-model';
import { toPublicUser } from './user-view';

/** Tries of a username with a random suffix before giving up (each collision is one in 16^6). */
const USERNAME_TRIES = 5;

export interface SsoSettings {
  secret: string;
}

export async function signInWithSso(
  ctx: AppContext,
  sso: SsoSettings,
  token: string,
  address: string,
): Promise<SignedIn> {
  await ctx.limits.consume('loginAddress', address);
  const claims = await verifySsoToken(token, new TextEncoder().encode(sso.secret), ctx.now());
  await refuseRevoked(ctx, claims);
  const user = await accountOf(ctx, claims);
  if (user.banned) throw errors.forbidden('This account is banned.', { banned: true, reason: user.banReason ?? null });
  const ref = claims.jti === undefined ? undefined : { sub: claims.sub, jti: claims.jti, exp: claims.exp };
  const { token: sessionToken, session } = await ctx.sessions.create(user._id, ref);
  return { user: toPublicUser(user), token: sessionToken, sessionId: session.id, userId: user._id };
}

/** Logging out of a session made from a token with a `jti` makes that token unusable until its `exp`. */
export async function revokeSsoToken(ctx: AppContext, ref: SsoTokenRef): Promise<void> {
  // Kept past `exp` by the skew, since the token is accepted that long.
  const expiresAt = new Date(ref.exp.getTime() + SSO_CLOCK_SKEW_S * 1000);
  const { RevokedSsoToken } = ctx.models;
  await RevokedSsoToken.updateOne({ _id: revocationId(ref) }, { $set: { expiresAt } }, { upsert: true });
}

const revocationId = (ref: Pick<SsoTokenRef, 'sub' | 'jti'>) => JSON.stringify([ref.sub, ref.jti]);

async function refuseRevoked(ctx: AppContext, claims: SsoClaims): Promise<void> {
  if (claims.jti === undefined) return;
  const id = revocationId({ sub: claims.sub, jti: claims.jti });
  const revoked = await ctx.models.RevokedSsoToken.exists({ _id: id });
  if (revoked) throw ssoRefused('revoked', 'This SSO token was signed out; the host must sign a new one.');
}

/** The account of this `sub`: made on first sight, its display name following the claims. */
async function accountOf(ctx: AppContext, claims: SsoClaims): Promise<UserDoc> {
  const { User } = ctx.models;
  const existing = await User.findOne({ 'sso.sub': claims.sub }).lean();
  if (!existing) return createAccount(ctx, claims);
  const displayName = displayNameFrom(claims.displayName);
  if (displayName === null || displayName === existing.displayName) return existing;
  const updated = await User.findOneAndUpdate(
    { _id: existing._id },
    { $set: { displayName } },
    { returnDocument: 'after' },
  ).lean();
  return updated ?? existing;
}

/**
 * A new member account. The preferred username is tried first, then with random suffixes; two first
 * sign-ins of one `sub` at once meet at the unique index on `sso.sub`, and the loser takes the winner's.
 */
async function createAccount(ctx: AppContext, claims: SsoClaims): Promise<UserDoc> {
  const { User } = ctx.models;
  const preferred = usernameFrom(claims.username ?? claims.displayName);
  for (let attempt = 0; attempt < USERNAME_TRIES; attempt++) {
    const username = attempt === 0 && preferred !== null ? preferred : usernameCandidate(preferred);
    try {
      const created = await User.create({
        username,
        usernameKey: usernameKey(username),
        displayName: displayNameFrom(claims.displayName) ?? username,
        sso: { sub: claims.sub },
        role: 'member',
        createdAt: ctx.now(),
      });
      return created.toObject();
    } catch (err) {
      if (isDuplicateKey(err, 'sso.sub')) {
        const winner = await User.findOne({ 'sso.sub': claims.sub }).lean();
        if (winner) return winner;
      }
      if (!isDuplicateKey(err, 'usernameKey')) throw err;
    }
  }
  throw errors.conflict('No free username was found for this account; try again.');
}
