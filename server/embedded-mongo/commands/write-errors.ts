import { MongoCommandError, mongoError } from '../errors';
import type { Doc } from '../engine/values';
import { MAX_WRITE_BATCH_SIZE } from '../limits';

/** One failed statement of a write command, as mongod lists it in `writeErrors`. */
export function writeError(index: number, err: unknown): Doc {
  if (!(err instanceof MongoCommandError)) throw err;
  return { index, code: err.code, codeName: err.codeName, errmsg: err.message, ...err.extra };
}

export function checkBatchSize(n: number): void {
  if (n > MAX_WRITE_BATCH_SIZE)
    throw mongoError(
      'InvalidLength',
      `Write batch sizes must be between 1 and ${MAX_WRITE_BATCH_SIZE}. Got ${n} operations.`,
    );
}

/**
 * Runs the statements of a write command in order. Ordered: stop at the first error. Unordered: go on and
 * report every error. Errors that are not MongoDB errors (bugs) propagate.
 */
export function eachStatement<T>(items: T[], ordered: boolean, run: (item: T, index: number) => void): Doc[] {
  checkBatchSize(items.length);
  const errors: Doc[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      run(items[i]!, i);
    } catch (err) {
      errors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  return errors;
}
