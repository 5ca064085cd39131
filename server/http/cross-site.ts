import cors from 'cors';
import type { Request, RequestHandler } from 'express';
import { errors } from '../../shared/errors';
import { isAllowedOrigin } from '../lib/origin-policy';

/**
 * The page's own origin, as the browser would write it (scheme://host[:port]): PUBLIC_URL when set, since a
 * proxy may pass on another Host or protocol; else from the request (protocol through TRUST_PROXY).
 */
export function ownOrigin(req: Request, publicUrl?: string): string {
  return publicUrl ?? `${req.protocol}://${req.get('host') ?? ''}`;
}

/**
 * CORS for the listed origins only, with credentials; never `*`, never `null`, never an unlisted
 * origin reflected (cors then sends no Access-Control-Allow-Origin at all).
 */
export function corsPolicy(allowed: string[]): RequestHandler {
  return cors({
    origin: (origin, cb) =>
      cb(null, origin !== undefined && origin !== 'null' && allowed.includes(origin) ? origin : false),
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Content-Type', 'Authorization'],
    maxAge: 600,
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: a state-changing request authenticated by the cookie must come from an allowed origin. A request
 * authenticated by a Bearer token is judged by the token alone (a foreign page cannot read it).
 */
export function originCheck(allowed: string[], publicUrl?: string): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || req.authVia !== 'cookie') return next();
    const origin = req.get('origin');
    const fetchSite = req.get('sec-fetch-site');
    const foreignOrigin = origin !== undefined && !isAllowedOrigin(origin, ownOrigin(req, publicUrl), allowed);
    const foreignSite =
      origin === undefined && fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none';
    if (foreignOrigin || foreignSite) return next(errors.forbidden('Cross-site requests must use a Bearer token.'));
    next();
  };
}
