/**
 * The one place that turns an error into the contract's envelope. Everything else throws (an AppError
 * on purpose, anything else by accident) and lets this decide what the caller may see.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { errors } from '../../shared/errors';
import { logFailure, retryAfterOf, toAppError } from '../lib/error-mapping';
import type { Logger } from '../logger';

/** Answers every request that no route claimed (the query string is left out of the message). */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(errors.notFound(`There is no ${req.method} ${req.originalUrl.split('?')[0]}.`));
};

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.writableEnded) {
      // Already answered (503 by the request deadline): the route's late outcome has no one to go to.
      logger.debug({ err, method: req.method, path: req.path }, 'late outcome of a request answered already');
      return;
    }
    if (res.headersSent) {
      // Too late for an envelope; express ends the connection so the client sees a broken answer, not a short one.
      next(err);
      return;
    }
    const appError = toAppError(err);
    logFailure(logger, err, appError, { method: req.method, path: req.path }, 'request failed');
    const retryAfter = retryAfterOf(appError);
    if (retryAfter !== undefined) res.set('Retry-After', String(Math.ceil(retryAfter)));
    res.status(appError.status).json(appError.toEnvelope());
  };
}
