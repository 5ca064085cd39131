/**
 * Per key, one round of work in flight at a time; the requests that arrive meanwhile wait and are served
 * together by the next round, which starts once the current one is done. So a round never answers a
 * request with what was read or written before the request was made, and under a burst (a hot thread's
 * posts) N requests of one key cost about one store command per round trip instead of N; a request that
 * meets no other costs one round, as before.
 *
 * `run` gets the round's items in arrival order and answers one result per item (or throws: every item
 * of that round is rejected with the error).
 */
export function createRounds<I, O>(run: (key: string, items: I[]) => Promise<O[]>) {
  interface Round {
    items: I[];
    waiters: { resolve(o: O): void; reject(err: unknown): void }[];
  }
  /** A key is present while its round is in flight; its value is the next round, gathering meanwhile. */
  const next = new Map<string, Round | null>();

  const start = (key: string, round: Round) => {
    next.set(key, null);
    Promise.resolve()
      .then(() => run(key, round.items))
      .then(
        (results) => round.waiters.forEach((w, i) => w.resolve(results[i]!)),
        (err: unknown) => round.waiters.forEach((w) => w.reject(err)),
      )
      .finally(() => {
        const following = next.get(key);
        if (following) start(key, following);
        else next.delete(key);
      });
  };

  return (key: string, item: I): Promise<O> =>
    new Promise<O>((resolve, reject) => {
      if (!next.has(key)) return start(key, { items: [item], waiters: [{ resolve, reject }] });
      let round = next.get(key);
      if (!round) next.set(key, (round = { items: [], waiters: [] }));
      round.items.push(item);
      round.waiters.push({ resolve, reject });
    });
}

/**
 * A read shared by the requests of one round (createRounds): each caller gets a value read after it asked.
 * The value is shared, so callers must not change it.
 */
export function createSharedRead<T>(read: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const rounds = createRounds<null, T>(async (key, items) => {
    const value = await read(key);
    return items.map(() => value);
  });
  return (key) => rounds(key, null);
}
