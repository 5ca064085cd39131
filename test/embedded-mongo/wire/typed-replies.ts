/**
 * Shared by the aggregation typing tests: a client with promoteLongs/promoteValues off, so each reply's
 * numeric types are visible as the server sent them (Int32, Long, Double), and fresh collections to run on.
 */
import { Long } from 'mongodb';
import { type Loose, useEmbedded } from '../../helpers/embedded';

export function useTypedReplies(dbName: string) {
  const embedded = useEmbedded({ dbName, clientOptions: { promoteLongs: false, promoteValues: false } });
  let seq = 0;
  return {
    db: () => embedded().db,
    /** A new collection holding `docs`. */
    fresh: async (docs: Loose[]) => {
      const coll = embedded().db.collection<Loose>(`c${seq++}`);
      await coll.insertMany(docs);
      return coll;
    },
  };
}

export const long = (n: number | bigint) => Long.fromBigInt(BigInt(n));
