/**
 * Verifies a host's single sign-on token (contract: "v2 · Single sign-on"): a JWT signed with HS256 by
 * SSO_SECRET. jose does the cryptography and the standard claim checks; this file adds the contract's own
 * rules and turns every refusal into 401 `unauthenticated` naming what was wrong.
 */
import { errors as jose, jwtVerify } from 'jose';
import { AppError } from '../../shared/errors';
import { codePointLength } from '../../shared/text';

/** Clock skew allowed between the host and this server. */
export const SSO_CLOCK_SKEW_S = 60;
/** The longest a token may be valid: `exp` at most this long after `iat`. */
export const SSO_MAX_LIFETIME_S = 24 * 60 * 60;
const SUB_MAX = 128;
const JTI_MAX = 256;

export interface SsoClaims {
  sub: string;
  exp: Date;
  jti: string | undefined;
  /** Preferred names, unchecked: sso-names.ts makes them valid. */
  username: string | undefined;
  displayName: string | undefined;
}

/** What was wrong with a refused token, in `details.reason` (the message says it for a person). */
export type SsoRefusal =
  'malformed' | 'algorithm' | 'signature' | 'expired' | 'not_yet_valid' | 'missing_claim' | 'invalid_claim' | 'revoked';

export const ssoRefused = (reason: SsoRefusal, message: string, claim?: string) =>
  new AppError('unauthenticated', message, claim === undefined ? { reason } : { reason, claim });

export async function verifySsoToken(token: string, key: Uint8Array, now: Date): Promise<SsoClaims> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'iat', 'exp'],
      clockTolerance: SSO_CLOCK_SKEW_S,
      // Also refuses an `iat` in the future (beyond the skew); the lifetime check below bounds `exp`.
      maxTokenAge: SSO_MAX_LIFETIME_S,
      currentDate: now,
    }));
  } catch (err) {
    throw refusalOf(err);
  }
  const { sub, iat, exp, jti } = payload as { sub: unknown; iat: number; exp: number; jti?: unknown };
  if (typeof sub !== 'string' || codePointLength(sub) < 1 || codePointLength(sub) > SUB_MAX) {
    throw ssoRefused('invalid_claim', `The SSO token's "sub" must be 1 to ${SUB_MAX} characters.`, 'sub');
  }
  if (exp - iat > SSO_MAX_LIFETIME_S) {
    throw ssoRefused('invalid_claim', 'The SSO token\'s "exp" is more than 24 hours after its "iat".', 'exp');
  }
  if (jti !== undefined && (typeof jti !== 'string' || jti.length < 1 || jti.length > JTI_MAX)) {
    throw ssoRefused('invalid_claim', `The SSO token's "jti" must be 1 to ${JTI_MAX} characters.`, 'jti');
  }
  return {
    sub,
    exp: new Date(exp * 1000),
    jti,
    username: stringOrUndefined(payload.username),
    displayName: stringOrUndefined(payload.displayName),
  };
}

const stringOrUndefined = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** jose's error classes → the contract's 401, naming the problem. */
function refusalOf(err: unknown) {
  if (err instanceof jose.JOSEAlgNotAllowed) {
    return ssoRefused('algorithm', 'The SSO token must be signed with HS256 (its "alg" is another).');
  }
  if (err instanceof jose.JWSSignatureVerificationFailed) {
    return ssoRefused('signature', "The SSO token's signature is wrong.");
  }
  if (err instanceof jose.JWTExpired) {
    return ssoRefused('expired', 'The SSO token has expired.', err.claim);
  }
  if (err instanceof jose.JWTClaimValidationFailed) {
    if (err.reason === 'missing') {
      return ssoRefused('missing_claim', `The SSO token lacks the "${err.claim}" claim.`, err.claim);
    }
    if (err.reason === 'check_failed' && (err.claim === 'iat' || err.claim === 'nbf')) {
      const message = `The SSO token is not valid yet (its "${err.claim}" is in the future).`;
      return ssoRefused('not_yet_valid', message, err.claim);
    }
    return ssoRefused('invalid_claim', `The SSO token's "${err.claim}" claim is invalid.`, err.claim);
  }
  if (err instanceof jose.JOSEError) {
    return ssoRefused('malformed', 'The SSO token is not a well-formed signed JWT.');
  }
  return err;
}
