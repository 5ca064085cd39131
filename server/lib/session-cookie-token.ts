/** The session cookie's name and how its token is read: shared by the HTTP routes and socket handshakes. */
export const SESSION_COOKIE = 'sid';

/** The token a signed cookie carries (false or missing when absent or tampered with). */
export function cookieToken(req: { signedCookies?: unknown }): string | undefined {
  const value = (req.signedCookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' && value ? value : undefined;
}
