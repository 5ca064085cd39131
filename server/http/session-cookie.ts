import type { CookieOptions, Request, Response } from 'express';
import { SESSION_COOKIE } from '../lib/session-cookie-token';
import { SESSION_TTL_MS } from '../users/session-model';

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
