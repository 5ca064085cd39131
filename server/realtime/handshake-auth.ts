import type { IncomingMessage } from 'node:http';
import cookieParser from 'cookie-parser';
import type { Request, Response } from 'express';
import type { ServerOptions } from 'socket.io';
import type { Config } from '../config';
import type { AppContext } from '../app-context';
import { beforeDeadline } from '../lib/deadline';
import { toAppError } from '../lib/error-mapping';
import { isAllowedOrigin } from '../lib/origin-policy';
import { cookieToken } from '../lib/session-cookie-token';
import { resolveActor } from '../users/resolve-actor';
import type { RealtimeSocket } from './types';

/**
 * The page's own origin as the browser writes it: PUBLIC_URL when set (cross-site.ts ownOrigin), else
 * from the request, the protocol from a trusted proxy when there is one.
 */
function ownOrigin(req: IncomingMessage, trustProxy: number, publicUrl: string | undefined): string {
  if (publicUrl !== undefined) return publicUrl;
  const forwarded =
    trustProxy > 0
      ? String(req.headers['x-forwarded-proto'] ?? '')
          .split(',')[0]
          ?.trim()
      : '';
  const protocol = forwarded || ('encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http');
  return `${protocol}://${req.headers.host ?? ''}`;
}

/** engine.io's `allowRequest`: a handshake whose Origin is not allowed is refused (403) before any session is read. */
type GateConfig = Pick<Config, 'corsOrigins' | 'trustProxy'> & Partial<Pick<Config, 'publicUrl'>>;

export function originGate(config: GateConfig): NonNullable<ServerOptions['allowRequest']> {
  return (req, callback) => {
    const origin = req.headers.origin;
    const own = ownOrigin(req, config.trustProxy, config.publicUrl);
    if (origin === undefined || isAllowedOrigin(origin, own, config.corsOrigins)) callback(null, true);
    else callback('This origin may not connect.', false);
  };
}

/**
 * The session cookie counts only when the browser says the handshake is not cross-site: an allowed
 * Origin (the gate refused the others), or, without Origin, `Sec-Fetch-Site: same-origin`.
 */
function sessionCookieOf(req: IncomingMessage, sessionSecret: string): string | undefined {
  const sameSite = req.headers.origin !== undefined || req.headers['sec-fetch-site'] === 'same-origin';
  if (!sameSite) return undefined;
  // The same parser (and signature check) as the HTTP routes; it only reads the Cookie header.
  const parsed = req as unknown as Request;
  cookieParser(sessionSecret)(parsed, {} as Response, () => undefined);
  return cookieToken(parsed);
}

/**
 * The Socket.IO middleware that names the actor: `auth.token`, else the session cookie. A missing or dead
 * token leaves an anonymous reader (who may read but not post); only a store failure (or a store too slow
 * to answer by the request deadline) refuses the handshake.
 */
export function authenticateHandshake(ctx: AppContext, sessionSecret: string) {
  return (socket: RealtimeSocket, next: (err?: Error) => void) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token =
      typeof auth?.token === 'string' && auth.token ? auth.token : sessionCookieOf(socket.request, sessionSecret);
    beforeDeadline(resolveActor(ctx, token)).then(
      (actor) => {
        if (actor) Object.assign(socket.data, { actor, token, checkedAt: Date.now() });
        next();
      },
      (err: unknown) => {
        const appError = toAppError(err);
        next(Object.assign(new Error(appError.message), { data: appError.toEnvelope().error }));
      },
    );
  };
}
