import { AppError } from '../../shared/errors';

/**
 * Whether an error is a refusal of the request itself (a check said no), not the store being away or a
 * bug: only a refusal may undo the work it refused, an outage leaves it for a later try.
 */
export const isRefusal = (err: unknown): err is AppError =>
  err instanceof AppError && err.code !== 'unavailable' && err.code !== 'internal';
