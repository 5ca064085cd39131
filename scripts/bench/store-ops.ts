/**
 * The store's operation counters (serverStatus.opcounters, as mongod reports them), read around a phase
 * of posts to count what one post costs the database: evidence for where the write path's time goes.
 */
import { MongoClient } from 'mongodb';
import type { Stoppers } from './stoppers';

export type OpCounts = {
  insert: number;
  query: number;
  update: number;
  delete: number;
  getmore: number;
  command: number;
};

export interface StoreOps {
  read(): Promise<OpCounts>;
}

export async function openStoreOps(uri: string, stoppers: Stoppers): Promise<StoreOps> {
  const client = await new MongoClient(uri, { maxPoolSize: 1 }).connect();
  stoppers.add(() => client.close());
  return {
    async read() {
      const status = await client.db('admin').command({ serverStatus: 1 });
      return { ...(status.opcounters as OpCounts) };
    },
  };
}

/** (after − before) / n for every counter, one decimal. */
export function perUnit(before: OpCounts, after: OpCounts, n: number): OpCounts {
  const per = (k: keyof OpCounts) => Math.round(((after[k] - before[k]) / n) * 10) / 10;
  return {
    insert: per('insert'),
    query: per('query'),
    update: per('update'),
    delete: per('delete'),
    getmore: per('getmore'),
    command: per('command'),
  };
}
