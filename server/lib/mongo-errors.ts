/** True for MongoDB's duplicate key error (11000), optionally on an index over `field`. */
export function isDuplicateKey(err: unknown, field?: string): boolean {
  const e = err as { code?: number; keyPattern?: Record<string, unknown> } | null;
  if (!e || e.code !== 11000) return false;
  return field === undefined || (e.keyPattern !== undefined && field in e.keyPattern);
}
