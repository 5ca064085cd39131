import type { TokenSigner } from './signed-token';

/** How long a confirmation link for a new address works. */
export const CONFIRM_EMAIL_TTL_MS = 48 * 3600 * 1000;

/**
 * The links that mail carries, on PUBLIC_URL, and the checks of their tokens. Unsubscribe and
 * confirmation tokens are signed (nothing stored); a password-reset token is random and only its hash
 * is stored (users/password-reset.ts), and it travels in the fragment, which no server log or Referer sees.
 */
export interface MailLinks {
  unsubscribe(userId: string): string;
  /** The user whose unsubscribe token this is, or null. */
  unsubscribedUser(token: string): string | null;
  confirmEmail(userId: string, email: string, now: Date): string;
  /** The user and address a confirmation token names, if it is genuine and not expired. */
  confirmedEmail(token: string, now: Date): { userId: string; email: string } | null;
  resetPassword(token: string): string;
  page(path: string): string;
}

export function createMailLinks(publicUrl: string, signer: TokenSigner): MailLinks {
  const page = (path: string) => `${publicUrl}${path}`;
  return {
    unsubscribe: (userId) => page(`/api/mail/unsubscribe?token=${signer.sign('unsubscribe', userId)}`),
    unsubscribedUser: (token) => signer.verify('unsubscribe', token),
    confirmEmail(userId, email, now) {
      const payload = JSON.stringify([userId, email, now.getTime() + CONFIRM_EMAIL_TTL_MS]);
      return page(`/api/auth/email/confirm?token=${signer.sign('confirm-email', payload)}`);
    },
    confirmedEmail(token, now) {
      const payload = signer.verify('confirm-email', token);
      if (payload === null) return null;
      const [userId, email, expiresAt] = JSON.parse(payload) as [string, string, number];
      return expiresAt > now.getTime() ? { userId, email } : null;
    },
    resetPassword: (token) => page(`/reset-password#token=${token}`),
    page,
  };
}
