import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Tokens the server signs and later checks without storing them (unsubscribe and email confirmation
 * links): `payload.signature`, both base64url, the signature an HMAC over the purpose and the payload, so
 * a token made for one purpose is refused for another.
 */
export interface TokenSigner {
  sign(purpose: string, payload: string): string;
  /** The payload, or null when the token is malformed or not signed by us for this purpose. */
  verify(purpose: string, token: string): string | null;
}

export function createTokenSigner(secret: string): TokenSigner {
  const mac = (purpose: string, payload: string) =>
    createHmac('sha256', secret).update(`${purpose}\0${payload}`).digest();
  return {
    sign(purpose, payload) {
      return `${Buffer.from(payload).toString('base64url')}.${mac(purpose, payload).toString('base64url')}`;
    },
    verify(purpose, token) {
      const [encoded, signature, extra] = token.split('.');
      if (encoded === undefined || signature === undefined || extra !== undefined) return null;
      const payload = Buffer.from(encoded, 'base64url').toString();
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(purpose, payload);
      return given.length === expected.length && timingSafeEqual(given, expected) ? payload : null;
    },
  };
}
