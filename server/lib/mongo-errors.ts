/** True for MongoDB's duplicate key error (11000), optionally on an index over `field`. */
export function isDuplicateKey(err: unknown, field?: string): boolean {
  const e = err as { code?: number; keyPattern?: Record<string, unknown> } | null;
  if (!e || e.code !== 11000) return false;
  return field === undefined || (e.keyPattern !== undefined && field in e.keyPattern);
}

/** MongoDB's MaxTimeMSExpired (50): a query ran past its `maxTimeMS` and was stopped. */
export function isTimeLimitExceeded(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 50;
}

/**
 * The write errors of the driver's MongoBulkWriteError (it holds one or an array), or null for any other
 * error. None at all means the command got no answer: the driver wraps a lost connection or an unreachable
 * store in the same class. By name: mongoose's copy of the driver is not the one the app could import.
 */
export function bulkWriteErrors(err: unknown): { index: number }[] | null {
  const e = err as { name?: unknown; writeErrors?: unknown } | null;
  if (e?.name !== 'MongoBulkWriteError') return null;
  const w = e.writeErrors;
  return w == null ? [] : ((Array.isArray(w) ? w : [w]) as { index: number }[]);
}
