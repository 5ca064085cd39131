import { createHash, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { errors } from '../../shared/errors';
import { usernameKey } from '../../shared/text';
import type { AppContext } from '../app-context';
import { passwordResetMail } from '../mail/messages';
import { hashPassword } from './passwords';

/** How long a reset link works (contract: 30 minutes). */
export const RESET_TTL_MS = 30 * 60_000;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

function mailOrNotFound(ctx: AppContext) {
  if (!ctx.mail) throw errors.notFound('Password reset by mail is not available on this server.');
  return ctx.mail;
}

/**
 * Asking for a reset: rate limited per account name and per address, then answered 202 whatever the
 * name. The look-up and the mail happen after the answer (`sendReset`), so neither the answer nor its
 * timing tells whether the account exists or has a confirmed address.
 */
export async function requestPasswordReset(ctx: AppContext, username: string, address: string): Promise<void> {
  mailOrNotFound(ctx);
  const key = usernameKey(username);
  await ctx.limits.consume('passwordResetAddress', address);
  await ctx.limits.consume('passwordReset', key);
  sendReset(ctx, key).catch((err: unknown) => ctx.logger.error({ err }, 'password reset: not queued'));
}

/**
 * Gives the account a new one-use token for `/reset-password` (the mailed link's, or an admin's claim link:
 * claim-account.ts), working for `ttlMs`; it replaces any earlier one, so only the latest link works.
 */
export async function newResetToken(ctx: AppContext, userId: Types.ObjectId, ttlMs: number) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(ctx.now().getTime() + ttlMs);
  await ctx.models.User.updateOne({ _id: userId }, { $set: { passwordReset: { hash: sha256(token), expiresAt } } });
  return { token, expiresAt };
}

async function sendReset(ctx: AppContext, key: string): Promise<void> {
  const mail = mailOrNotFound(ctx);
  const user = await ctx.models.User.findOne({ usernameKey: key }).lean();
  // Only an account that signs in with a password, to an address its owner confirmed.
  if (!user?.passwordHash || !user.email || !user.emailConfirmed) return;
  const { token } = await newResetToken(ctx, user._id, RESET_TTL_MS);
  await mail.queue.add(passwordResetMail(mail.links, { userId: String(user._id), email: user.email }, token));
}

const usedOrUnknown = () =>
  errors.validationFailed(
    { token: 'is not valid or was already used' },
    'This reset link is not valid or was already used.',
  );

/**
 * Setting the new password with the link's token: once (the token's hash is removed in the same write
 * that sets the password), before it expires. Every session of the account ends, and its sockets hear so.
 * Works without mail too: a claim link (claim-account.ts) is handed over by an admin, not mailed.
 */
export async function confirmPasswordReset(ctx: AppContext, input: { token: string; password: string }): Promise<void> {
  const { User } = ctx.models;
  const hash = sha256(input.token);
  const user = await User.findOne({ 'passwordReset.hash': hash }, { passwordReset: 1 }).lean();
  if (!user?.passwordReset?.expiresAt) throw usedOrUnknown();
  if (user.passwordReset.expiresAt <= ctx.now()) {
    throw errors.validationFailed({ token: 'has expired' }, 'This reset link has expired; ask for a new one.');
  }
  const passwordHash = await hashPassword(input.password);
  const set = await User.updateOne(
    { _id: user._id, 'passwordReset.hash': hash },
    { $set: { passwordHash }, $unset: { passwordReset: 1 } },
  );
  // Two uses at once: the one that lost the race finds the token gone.
  if (set.modifiedCount !== 1) throw usedOrUnknown();
  const sessionIds = await ctx.sessions.revokeAllOf(user._id);
  if (sessionIds.length) {
    ctx.publish.sessionsRevoked({ userId: String(user._id), sessionIds, reason: 'signed-out-elsewhere' });
  }
}
