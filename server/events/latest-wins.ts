/**
 * Per key, one write in flight at a time, and of the writes asked for meanwhile only the newest is made:
 * for writes where a newer one makes every older one unneeded (the article's counters after its newest
 * event). Each caller is answered once a write at least as new as its own is done.
 */
export function createLatestWins<T>(
  newer: (a: T, b: T) => boolean,
  write: (key: string, value: T) => Promise<unknown>,
) {
  interface Waiter {
    resolve(): void;
    reject(err: unknown): void;
  }
  const queued = new Map<string, { value: T; waiters: Waiter[] } | null>();

  const run = (key: string, value: T, waiters: Waiter[]) => {
    write(key, value)
      .then(
        () => waiters.forEach((w) => w.resolve()),
        (err: unknown) => waiters.forEach((w) => w.reject(err)),
      )
      .finally(() => {
        const next = queued.get(key);
        if (next) {
          queued.set(key, null);
          run(key, next.value, next.waiters);
        } else queued.delete(key);
      });
  };

  return (key: string, value: T): Promise<void> =>
    new Promise((resolve, reject) => {
      const waiter = { resolve, reject };
      if (!queued.has(key)) {
        queued.set(key, null);
        return run(key, value, [waiter]);
      }
      const next = queued.get(key);
      if (!next) return queued.set(key, { value, waiters: [waiter] });
      if (newer(value, next.value)) next.value = value;
      next.waiters.push(waiter);
    });
}
