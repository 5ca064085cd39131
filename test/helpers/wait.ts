// Waiting in tests: one way to pause and one way to poll, so every suite reads the same and fails the same way.
// A deadline here bounds how long a test waits for something to happen; it never asserts that anything was fast.

export interface PollOptions {
  /** How long to keep trying (default 10 s: generous, the machine is shared). */
  timeoutMs?: number;
  /** The pause between two probes (default 50 ms). */
  intervalMs?: number;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Probes until `probe` answers true, then answers how many milliseconds that took (for reports); fails naming
 * `what` when `timeoutMs` passes first. The probe may be synchronous or asynchronous.
 */
export async function until(
  what: string,
  probe: () => boolean | Promise<boolean>,
  { timeoutMs = 10_000, intervalMs = 50 }: PollOptions = {},
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/**
 * Reads until `accept` holds for the value read or `timeoutMs` passes, and answers the last value read: the
 * caller asserts on it, so a failure shows what was there instead of only "timed out".
 */
export async function settle<T>(
  read: () => T | Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 10_000, intervalMs = 50 }: PollOptions = {},
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() - started > timeoutMs) return value;
    await sleep(intervalMs);
  }
}
