/**
 * The route table: every route of the server is reachable from here, in one read. Resource routers are
 * mounted at static paths only, because the metrics label a request by mount path + route pattern.
 */
import cookieParser from 'cookie-parser';
import express, { Router, type RequestHandler } from 'express';
import { errors } from '../../shared/errors';
import type { AuthConfig } from '../config';
import type { AppContext } from '../app-context';
import { authenticate } from './authenticate';
import { declaresOnlyUtf8 } from './body-charset';
import { accountRoutes } from './controllers/account-routes';
import { articleRoutes } from './controllers/article-routes';
import { authRoutes } from './controllers/auth-routes';
import { commentRoutes } from './controllers/comment-routes';
import { mailAccountRoutes, unsubscribeRoutes } from './controllers/mail-routes';
import { moderationRoutes } from './controllers/moderation-routes';
import { settingsRoutes } from './controllers/settings-routes';
import { notificationRoutes } from './controllers/notification-routes';
import { userRoutes } from './controllers/user-routes';
import { countsHandler, embedRoutes, lookupHandler } from './controllers/embed-routes';
import { corsPolicy, originCheck } from './cross-site';
import { errorMiddleware, notFoundHandler } from './error-middleware';
import { opsRoutes, type OpsDeps } from './ops-routes';
import { requestDeadline } from './request-deadline';
import { pages } from './pages';
import { securityHeaders } from './security-headers';

/** The contract's body limit, the same for every route. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface RouteDeps extends OpsDeps {
  ctx: AppContext;
  corsOrigins: string[];
  /** PUBLIC_URL: the server's own origin for the cookie's origin check, when set. */
  publicUrl?: string;
  sessionSecret: string;
  auth: AuthConfig;
  embed: { origins: string[]; autoCreate: boolean };
  /** What the pages need to know of this deployment (GET /api/site). */
  site: SiteInfo;
}

export interface SiteInfo {
  reactionLabel: string;
  /** Whether mail is set up (the pages offer email settings and "forgot password" only then). */
  mail: boolean;
}

export function routes(deps: RouteDeps): Router {
  const router = Router();
  router.use(securityHeaders(deps.embed.origins));
  router.use(opsRoutes(deps));
  router.use('/api', apiRoutes(deps));
  router.use(pages());
  return router;
}

function apiRoutes(deps: RouteDeps): Router {
  const api = Router();
  // Answers here depend on the caller (a moderator sees removed text): no cache, shared or private, keeps
  // one. The ETag and 304 to a conditional request still work; a browser just never stores an answer.
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use(requestDeadline(errorMiddleware(deps.logger)));
  // Before CORS and sessions: counts are public and answer any origin with `*`, never with credentials.
  api.get('/counts', countsHandler(deps.ctx));
  api.use('/mail', unsubscribeRoutes(deps.ctx));
  api.use(corsPolicy(deps.corsOrigins));
  api.use(requireJsonBody, express.json({ limit: BODY_LIMIT_BYTES, strict: true }), requireObjectBody);
  api.use(cookieParser(deps.sessionSecret));
  api.use(authenticate(deps.ctx));
  api.use(originCheck(deps.corsOrigins, deps.publicUrl));
  api.get('/site', (_req, res) => {
    res.json(deps.site);
  });
  api.use('/auth', authRoutes(deps.ctx, deps.auth));
  api.use('/auth', accountRoutes(deps.ctx));
  api.use('/auth', mailAccountRoutes(deps.ctx));
  api.use('/users', userRoutes(deps.ctx, deps.publicUrl));
  api.get('/articles/lookup', lookupHandler(deps.ctx));
  api.use('/articles', articleRoutes(deps.ctx));
  api.use('/embed', embedRoutes(deps.ctx, deps.embed));
  api.use('/comments', commentRoutes(deps.ctx));
  api.use('/moderation', moderationRoutes(deps.ctx));
  api.use('/settings', settingsRoutes(deps.ctx));
  api.use('/notifications', notificationRoutes(deps.ctx));
  // Ends the API here, so that nothing mounted after it (such as the pages) ever answers an /api path.
  api.use(notFoundHandler);
  return api;
}

/** Bodies are JSON in UTF-8 only: anything else is refused before anything parses it (contract: Limits). */
const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is('application/json')) {
    next(errors.badRequest('Send the request body as JSON, with Content-Type: application/json.'));
    return;
  }
  if (hasBody && !declaresOnlyUtf8(req.headers['content-type'])) {
    next(errors.badRequest('Send the request body in UTF-8: charset=utf-8, or no charset.'));
    return;
  }
  next();
};

/** A JSON body must be an object (arrays and scalars are not requests this API understands). */
const requireObjectBody: RequestHandler = (req, _res, next) => {
  const body: unknown = req.body;
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    next(errors.badRequest('The request body must be a JSON object.'));
    return;
  }
  next();
};
