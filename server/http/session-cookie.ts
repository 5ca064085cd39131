import type { CookieOptions, Request, Response } from 'express';
import { SESSION_TTL_MS } from '../users/session-model';

export const SESSION_COOKIE = 'sid';

/** httpOnly, SameSite=Lax, signed; Secure when the request came over https (TRUST_PROXY decides for proxies). */
function options(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: req.secure, signed: true, path: '/', maxAge: SESSION_TTL_MS };
}

export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, options(req));
}

export function clearSessionCookie(req: Request, res: Response): void {
  const { maxAge: _ignored, ...rest } = options(req);
  res.clearCookie(SESSION_COOKIE, rest);
}

/** The token a signed cookie carries (false or missing when absent or tampered with). */
export function cookieToken(req: Request): string | undefined {
  const value = (req.signedCookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' && value ? value : undefined;
}
