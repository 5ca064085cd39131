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
