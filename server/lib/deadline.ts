import { errors } from '../../shared/errors';

/**
 * How long an API request may take before it is answered 503 `unavailable`. A stalled store (a frozen
 * process, a half-open TCP peer) would otherwise hold a request for as long as the stall lasts; the
 * contract wants an answer within 10 s. No route needs more than a fraction of this when the store answers.
 */
export const REQUEST_DEADLINE_MS = 8_000;

/** The answer at the deadline (over HTTP and on sockets): which service was slow is unknown. */
export const deadlinePassed = () => errors.unavailable([], 'A backing service is slow to answer; try again.');

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
