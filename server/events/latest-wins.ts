import { createRounds } from '../lib/rounds';

/**
 * Per key, one write in flight at a time, and of the writes asked for meanwhile only the newest is made:
 * for writes where a newer one makes every older one unneeded (the article's counters after its newest
 * event). Each caller is answered once a write at least as new as its own is done. The rounds of
 * lib/rounds.ts, whose round writes its newest value for all its callers.
 */
export function createLatestWins<T>(
  newer: (a: T, b: T) => boolean,
  write: (key: string, value: T) => Promise<unknown>,
): (key: string, value: T) => Promise<void> {
  return createRounds<T, void>(async (key, values) => {
    await write(
      key,
      values.reduce((newest, value) => (newer(value, newest) ? value : newest)),
    );
    return values.map(() => undefined);
  });
}
