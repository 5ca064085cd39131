/**
 * An SSO token's preferred names are the host's, not checked by our rules: they are made valid here with
 * the same rules registration enforces (shared/text.ts), falling back to generated ones.
 */
import { randomBytes } from 'node:crypto';
import {
  DISPLAY_NAME_MAX,
  hasForbiddenDisplayChars,
  isValidDisplayName,
  isValidUsername,
  normalizeDisplayName,
  normalizeUsername,
  truncateCodePoints,
} from '../../shared/text';

const USERNAME_MAX = 32;
const SUFFIX_LENGTH = 6;

/**
 * A valid username from a preferred one: NFKC, each run of other characters becomes `_`, cut to fit.
 * Null when too little of it is left (the caller then generates one).
 */
export function usernameFrom(preferred: string | undefined): string | null {
  if (preferred === undefined) return null;
  const cleaned = normalizeUsername(preferred)
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, USERNAME_MAX);
  return isValidUsername(cleaned) ? cleaned : null;
}

/** The next name to try when `base` (or nothing) is taken: a random suffix keeps it within 32 characters. */
export function usernameCandidate(base: string | null): string {
  const suffix = randomBytes(8).toString('hex').slice(0, SUFFIX_LENGTH);
  return base === null ? `user_${suffix}` : `${base.slice(0, USERNAME_MAX - SUFFIX_LENGTH - 1)}_${suffix}`;
}

/** A valid display name from a preferred one (invisible characters dropped, cut to 64), else null. */
export function displayNameFrom(preferred: string | undefined): string | null {
  if (preferred === undefined) return null;
  const visible = [...normalizeDisplayName(preferred)].filter((ch) => !hasForbiddenDisplayChars(ch)).join('');
  const name = normalizeDisplayName(truncateCodePoints(visible, DISPLAY_NAME_MAX));
  return isValidDisplayName(name) ? name : null;
}
