import type { mongo } from 'mongoose';
import type { PostLink } from './thread-order';
import { ImportInputError, type StagedPost, type StagedRow, type StagedThread } from './types';

/** Where the rows of the file wait, invisible to the app, until all of it has been read and checked. */
export const STAGING_COLLECTION = 'import_staging';

export interface Staging {
  /** Empties the staging area (what an earlier, interrupted run left) and prepares its index. */
  reset(): Promise<void>;
  add(rows: StagedRow[]): Promise<void>;
  /** Posts grouped by thread, threads one after another, without messages: bounded by the largest thread. */
  threadsOfPosts(): AsyncGenerator<{ threadKey: string; links: PostLink[] }>;
  thread(key: string): Promise<StagedThread | null>;
  posts(keys: string[]): Promise<StagedPost[]>;
  count(kind: 'thread' | 'post'): Promise<number>;
  drop(): Promise<void>;
}

export function createStaging(db: mongo.Db): Staging {
  const rows: mongo.Collection<StagedRow> = db.collection<StagedRow>(STAGING_COLLECTION);
  return {
    async reset() {
      await rows.drop().catch(() => undefined); // none yet
      await rows.createIndex({ kind: 1, thread: 1, createdAt: 1, _id: 1 });
    },
    async add(batch) {
      if (!batch.length) return;
      try {
        await rows.insertMany(batch, { ordered: false });
      } catch (err) {
        if ((err as { code?: number }).code === 11000) {
          const dup = (err as { writeErrors?: { err?: { op?: StagedRow } }[] }).writeErrors?.[0]?.err?.op;
          throw new ImportInputError([
            `the file names ${dup ? `${dup.kind} ${dup.key} (line ${dup.line})` : 'a thread or post'} twice`,
          ]);
        }
        throw err;
      }
    },
    async *threadsOfPosts() {
      const cursor = rows
        .find({ kind: 'post' }, { projection: { thread: 1, parent: 1, createdAt: 1, state: 1, reason: 1, line: 1 } })
        .sort({ kind: 1, thread: 1, createdAt: 1, _id: 1 })
        .batchSize(1000);
      let threadKey: string | null = null;
      let links: PostLink[] = [];
      for await (const row of cursor as unknown as AsyncIterable<PostLink & { thread: string }>) {
        if (row.thread !== threadKey) {
          if (threadKey !== null) yield { threadKey, links };
          threadKey = row.thread;
          links = [];
        }
        links.push({
          _id: row._id,
          parent: row.parent,
          createdAt: row.createdAt,
          state: row.state,
          reason: row.reason,
          line: row.line,
        });
      }
      if (threadKey !== null) yield { threadKey, links };
    },
    thread: (key) => rows.findOne({ _id: key, kind: 'thread' }) as Promise<StagedThread | null>,
    posts: (keys) => rows.find({ _id: { $in: keys } }).toArray() as Promise<StagedPost[]>,
    count: (kind) => rows.countDocuments({ kind }),
    drop: async () => {
      await rows.drop().catch(() => undefined);
    },
  };
}
