/**
 * At most one `fire(key)` per interval for each key, and never a request lost: a request inside the
 * interval schedules one firing at its end, which reads the state as it is then (so the latest value wins).
 */
export interface KeyedThrottle {
  request(key: string): void;
  close(): void;
}

export function createKeyedThrottle(intervalMs: number, fire: (key: string) => void): KeyedThrottle {
  const lastFired = new Map<string, number>();
  const pending = new Map<string, NodeJS.Timeout>();

  const run = (key: string) => {
    pending.delete(key);
    lastFired.set(key, Date.now());
    fire(key);
  };

  return {
    request(key) {
      if (pending.has(key)) return;
      const wait = (lastFired.get(key) ?? -Infinity) + intervalMs - Date.now();
      if (wait <= 0) {
        // Entries older than the interval carry no information; drop them so idle keys do not pile up.
        lastFired.delete(key);
        run(key);
      } else {
        pending.set(
          key,
          setTimeout(() => run(key), wait),
        );
      }
    },
    close() {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
      lastFired.clear();
    },
  };
}
