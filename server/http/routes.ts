/**
 * The route table: every route of the server is reachable from here, in one read. Resource routers are
 * mounted at static paths only, because the metrics label a request by mount path + route pattern.
 */
import express, { Router, type RequestHandler } from 'express';
import { errors } from '../../shared/errors';
import { notFoundHandler } from './error-middleware';
import { opsRoutes, type OpsDeps } from './ops-routes';

/** The contract's body limit, the same for every route. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export type RouteDeps = OpsDeps;

export function routes(deps: RouteDeps): Router {
  const router = Router();
  router.use(opsRoutes(deps));
  router.use('/api', apiRoutes());
  return router;
}

function apiRoutes(): Router {
  const api = Router();
  api.use(requireJsonContentType, express.json({ limit: BODY_LIMIT_BYTES }), requireObjectBody);
  // Resource routers (auth, users, articles, comments, moderation) are mounted here.
  // Ends the API here, so that nothing mounted after it (such as the pages) ever answers an /api path.
  api.use(notFoundHandler);
  return api;
}

/** Bodies are JSON only: any other Content-Type is refused before anything parses it (contract: Limits). */
const requireJsonContentType: RequestHandler = (req, _res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is('application/json')) {
    next(errors.badRequest('Send the request body as JSON, with Content-Type: application/json.'));
    return;
  }
  next();
};

/** express.json() already refuses a bare string or number; an array is valid JSON but never a valid body here. */
const requireObjectBody: RequestHandler = (req, _res, next) => {
  next(Array.isArray(req.body) ? errors.badRequest('The request body must be a JSON object.') : undefined);
};
