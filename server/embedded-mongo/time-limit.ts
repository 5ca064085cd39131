import { mongoError } from './errors';

/**
 * Fails a command once its `maxTimeMS` has passed: checked before it runs and every few hundred documents
 * while a query scans, so a query its client has given up on stops instead of running to the end.
 * `deadline` is a `performance.now()` time; undefined means no limit.
 */
export function checkMaxTime(deadline: number | undefined): void {
  if (deadline !== undefined && performance.now() > deadline) {
    throw mongoError('MaxTimeMSExpired', 'operation exceeded time limit');
  }
}
