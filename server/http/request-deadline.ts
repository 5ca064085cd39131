import type { ErrorRequestHandler, RequestHandler } from 'express';
import { deadlinePassed, REQUEST_DEADLINE_MS } from '../lib/deadline';

/**
 * Answers 503 when the route has not answered by the deadline. The work itself goes on: a write that the
 * store takes later completes with its event (or its pending mark is repaired), which is why a client
 * that got 503 retries a post with the same `clientId` and gets the one comment, never two. The route's
 * own late answer is dropped by the error middleware (the response has already ended).
 */
export function requestDeadline(answerError: ErrorRequestHandler, ms = REQUEST_DEADLINE_MS): RequestHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      // The request may still be arriving (a body trickling in): the connection goes with the answer, so a
      // slow client holds nothing past the deadline.
      res.set('Connection', 'close');
      // Straight to the one error formatter: the route still holds `next`, so it cannot be called here.
      void answerError(deadlinePassed(), req, res, () => undefined);
    }, ms);
    res.once('close', () => clearTimeout(timer));
    next();
  };
}
