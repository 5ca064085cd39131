import { createHash, randomBytes } from 'node:crypto';
import { errors } from '../../shared/errors';
import { usernameKey } from '../../shared/text';
import type { Domain } from '../domain';
import { passwordResetMail } from '../mail/messages';
import { hashPassword } from './passwords';

/** How long a reset link works (contract: 30 minutes). */
export const RESET_TTL_MS = 30 * 60_000;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

function mailOrNotFound(domain: Domain) {
  if (!domain.mail) throw errors.notFound('Password reset by mail is not available on this server.');
  return domain.mail;
}

/**
 * Asking for a reset: rate limited per account name and per address, then answered 202 whatever the
 * name. The look-up and the mail happen after the answer (`sendReset`), so neither the answer nor its
 * timing tells whether the account exists or has a confirmed address.
 */
export async function requestPasswordReset(domain: Domain, username: string, address: string): Promise<void> {
  mailOrNotFound(domain);
  const key = usernameKey(username);
  await domain.limits.consume('passwordResetAddress', address);
  await domain.limits.consume('passwordReset', key);
  sendReset(domain, key).catch((err: unknown) => domain.logger.error({ err }, 'password reset: not queued'));
}

async function sendReset(domain: Domain, key: string): Promise<void> {
  const mail = mailOrNotFound(domain);
  const user = await domain.models.User.findOne({ usernameKey: key }).lean();
  // Only an account that signs in with a password, to an address its owner confirmed.
  if (!user?.passwordHash || !user.email || !user.emailConfirmed) return;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(domain.now().getTime() + RESET_TTL_MS);
  // A new request replaces the previous link: only the latest works.
  await domain.models.User.updateOne(
    { _id: user._id },
    { $set: { passwordReset: { hash: sha256(token), expiresAt } } },
  );
  await mail.queue.add(passwordResetMail(mail.links, { userId: String(user._id), email: user.email }, token));
}

const usedOrUnknown = () =>
  errors.validationFailed(
    { token: 'is not valid or was already used' },
    'This reset link is not valid or was already used.',
  );

/**
 * Setting the new password with the link's token: once (the token's hash is removed in the same write
 * that sets the password), within 30 minutes. Every session of the account ends, and its sockets hear so.
 */
export async function confirmPasswordReset(domain: Domain, input: { token: string; password: string }): Promise<void> {
  mailOrNotFound(domain);
  const { User } = domain.models;
  const hash = sha256(input.token);
  const user = await User.findOne({ 'passwordReset.hash': hash }, { passwordReset: 1 }).lean();
  if (!user?.passwordReset?.expiresAt) throw usedOrUnknown();
  if (user.passwordReset.expiresAt <= domain.now()) {
    throw errors.validationFailed({ token: 'has expired' }, 'This reset link has expired; ask for a new one.');
  }
  const passwordHash = await hashPassword(input.password);
  const set = await User.updateOne(
    { _id: user._id, 'passwordReset.hash': hash },
    { $set: { passwordHash }, $unset: { passwordReset: 1 } },
  );
  // Two uses at once: the one that lost the race finds the token gone.
  if (set.modifiedCount !== 1) throw usedOrUnknown();
  const sessionIds = await domain.sessions.revokeAllOf(user._id);
  if (sessionIds.length) {
    domain.publish.sessionsRevoked({ userId: String(user._id), sessionIds, reason: 'signed-out-elsewhere' });
  }
}
