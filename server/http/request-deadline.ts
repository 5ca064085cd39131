import type { ErrorRequestHandler, RequestHandler } from 'express';
import { errors } from '../../shared/errors';

/**
 * How long an API request may take before it is answered 503 `unavailable`. A stalled store (a frozen
 * process, a half-open TCP peer) would otherwise hold a request for as long as the stall lasts; the
 * contract wants an answer within 10 s. No route needs more than a fraction of this when the store answers.
 */
export const REQUEST_DEADLINE_MS = 8_000;

/** The answer at the deadline (over HTTP and on sockets): which service was slow is unknown. */
const deadlinePassed = () => errors.unavailable([], 'A backing service is slow to answer; try again.');

/**
 * The same deadline for work outside an HTTP request (socket acknowledgements, handshakes): settles like
 * `work`, or rejects `unavailable` once the deadline passes. The work itself goes on.
 */
export function beforeDeadline<T>(work: Promise<T>, ms = REQUEST_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const passed = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(deadlinePassed()), ms);
  });
  return Promise.race([work, passed]).finally(() => clearTimeout(timer));
}

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
