import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { errors } from '../../shared/errors';
import { hasRole, type Actor, type AppContext } from '../app-context';
import { cookieToken } from '../lib/session-cookie-token';
import { resolveActor } from '../users/resolve-actor';
import type { Role } from '../users/user-model';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The signed-in user, when the request carries a live session. */
      actor?: Actor;
      /** How the session came: a Bearer token is judged alone; a cookie also by the cross-site rules. */
      authVia?: 'bearer' | 'cookie';
    }
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}

/**
 * Reads the Bearer token, else the signed cookie. A request without a live session goes on anonymous;
 * routes that need one say so with `requireRole`.
 */
export function authenticate(ctx: AppContext): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const bearer = bearerToken(req.headers.authorization);
    const token = bearer ?? cookieToken(req);
    resolveActor(ctx, token).then((actor) => {
      if (actor) {
        req.actor = actor;
        req.authVia = bearer ? 'bearer' : 'cookie';
      }
      next();
    }, next);
  };
}

export function requireRole(role: Role): RequestHandler {
  return (req, _res, next) => {
    if (!req.actor) return next(errors.unauthenticated());
    if (!hasRole(req.actor, role)) return next(errors.forbidden(`This needs the ${role} role.`));
    next();
  };
}

export const requireSignedIn = requireRole('member');

/** The actor of a route behind requireRole (the type system cannot see the middleware). */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw errors.unauthenticated();
  return req.actor;
}
