import { errors } from '../../shared/errors';

/**
 * Reads that build hundreds of items (event replays for `/events` and `article:join` with afterSeq,
 * comment pages) cost tens of milliseconds of this process's CPU and megabytes each. Without a bound a
 * flood of them queues more work than the process can finish before the request deadline, keeps doing it
 * after the caller got its 503, and grows until it dies. At most `running` run at once; up to `waiting`
 * more wait (in arrival order) for at most `waitMs`; anything beyond is refused at once with 503
 * `unavailable` and a Retry-After, which costs nothing.
 */
export interface HeavyReadLimits {
  running: number;
  waiting: number;
  waitMs: number;
}

export const HEAVY_READ_LIMITS: HeavyReadLimits = { running: 4, waiting: 64, waitMs: 2000 };

/**
 * The store stops a heavy read's queries past this (MongoDB's maxTimeMS; the embedded store honours it
 * too): a query still running then has lost its caller to the 8 s request deadline anyway.
 */
export const HEAVY_READ_MAX_TIME_MS = 5000;

/** Seconds a refused caller is told to wait. */
const RETRY_AFTER_S = 1;

export interface HeavyReads {
  run<T>(work: () => Promise<T>): Promise<T>;
}

export function createHeavyReads(limits: HeavyReadLimits = HEAVY_READ_LIMITS): HeavyReads {
  let running = 0;
  const waiting: { start(): void }[] = [];

  /** A finished read hands its place to the first waiter, if any. */
  const release = () => {
    const next = waiting.shift();
    if (next) next.start();
    else running -= 1;
  };

  const place = (): Promise<void> => {
    if (running < limits.running) {
      running += 1;
      return Promise.resolve();
    }
    if (waiting.length >= limits.waiting) return Promise.reject(errors.busy(RETRY_AFTER_S));
    return new Promise((resolve, reject) => {
      const entry = {
        start: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(entry), 1);
        reject(errors.busy(RETRY_AFTER_S));
      }, limits.waitMs);
      waiting.push(entry);
    });
  };

  return {
    async run(work) {
      await place();
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
