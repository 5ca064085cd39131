import type { Types } from 'mongoose';
import { errors } from '../../shared/errors';
import { usernameKey } from '../../shared/text';
import type { AppContext } from '../app-context';
import { isDuplicateKey } from '../lib/mongo-errors';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords';
import { revokeSsoToken } from './sso';
import { toPublicUser, type PublicUser } from './user-view';

export interface SignedIn {
  user: PublicUser;
  token: string;
  sessionId: string;
  userId: Types.ObjectId;
}

/** Registration: unique username without regard to case (the folded key's unique index decides). */
export async function register(
  ctx: AppContext,
  input: { username: string; password: string; displayName?: string },
  address: string,
): Promise<SignedIn> {
  await ctx.limits.consume('register', address);
  const passwordHash = await hashPassword(input.password);
  let user;
  try {
    user = await ctx.models.User.create({
      username: input.username,
      usernameKey: usernameKey(input.username),
      displayName: input.displayName ?? input.username,
      passwordHash,
      role: 'member',
      createdAt: ctx.now(),
    });
  } catch (err) {
    if (isDuplicateKey(err, 'usernameKey'))
      throw errors.conflict('That username is taken.', { fields: { username: 'is taken' } });
    throw err;
  }
  const { token, session } = await ctx.sessions.create(user._id);
  return { user: toPublicUser(user.toObject()), token, sessionId: session.id, userId: user._id };
}

const WRONG = 'Wrong username or password.';

/**
 * Login: always a new session (no fixation). Unknown usernames spend the same hashing time as wrong
 * passwords and get the same answer, and so do accounts made by single sign-on, which have no password.
 * Limits count per (username, address) and per address.
 */
export async function login(
  ctx: AppContext,
  input: { username: string; password: string },
  address: string,
): Promise<SignedIn> {
  const key = usernameKey(input.username);
  await ctx.limits.consume('loginAddress', address);
  await ctx.limits.consume('loginUser', `${key}|${address}`);
  const user = await ctx.models.User.findOne({ usernameKey: key }).lean();
  const ok = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!user || !ok) throw errors.unauthenticated(WRONG);
  if (user.banned) throw errors.forbidden('This account is banned.', { banned: true, reason: user.banReason ?? null });
  await ctx.limits.reset('loginUser', `${key}|${address}`);
  const { token, session } = await ctx.sessions.create(user._id);
  return { user: toPublicUser(user), token, sessionId: session.id, userId: user._id };
}

export async function logout(ctx: AppContext, sessionId: string, userId: Types.ObjectId): Promise<void> {
  // The SSO token first: were the process to stop between the two, the token must not outlive the logout.
  const ssoToken = await ctx.sessions.ssoTokenOf(sessionId);
  if (ssoToken) await revokeSsoToken(ctx, ssoToken);
  await ctx.sessions.revoke(sessionId);
  ctx.publish.sessionsRevoked({ userId: String(userId), sessionIds: [sessionId], reason: 'logout' });
}
