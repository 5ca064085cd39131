import type { Catalog } from './catalog';
import type { WriteBatch } from './collection';
import { runQuery } from './query';

/**
 * Deletes documents whose TTL-indexed date is older than `expireAfterSeconds`, as mongod's TTL monitor
 * does: only date values (or arrays holding a date) expire; documents without one stay.
 */
export function sweepExpired(catalog: Catalog, now: number, batch: WriteBatch): number {
  let deleted = 0;
  for (const db of catalog.databaseNames()) {
    for (const coll of catalog.collections(db)) {
      for (const index of coll.indexes) {
        const secs = index.spec.expireAfterSeconds;
        if (typeof secs !== 'number') continue;
        const field = Object.keys(index.spec.key)[0]!;
        const cutoff = new Date(now - secs * 1000);
        // $lt with a Date only matches dates (MongoDB's type bracketing), and uses the TTL index.
        const { docs } = runQuery(coll, { [field]: { $lt: cutoff } });
        for (const doc of docs) coll.remove(doc, batch);
        deleted += docs.length;
      }
    }
  }
  return deleted;
}
