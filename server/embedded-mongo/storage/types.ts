import type { IndexSpec } from '../engine/index-spec';
import type { Doc } from '../engine/values';

/**
 * One change as the journal keeps it. Document writes are physical (the whole after-image), so replaying
 * a record twice gives the same state.
 */
export type JournalRecord =
  | { op: 'put'; db: string; coll: string; doc: Doc }
  | { op: 'del'; db: string; coll: string; id: unknown }
  | { op: 'createCollection'; db: string; coll: string; options: Doc }
  | { op: 'dropCollection'; db: string; coll: string }
  | { op: 'dropDatabase'; db: string }
  | { op: 'renameCollection'; db: string; coll: string; toDb: string; toColl: string }
  | { op: 'createIndex'; db: string; coll: string; spec: IndexSpec }
  | { op: 'dropIndex'; db: string; coll: string; name: string };

export interface CollectionState {
  name: string;
  options: Doc;
  /** Every index but `_id_`, which always exists. */
  indexes: IndexSpec[];
  docs: Doc[];
}

export interface DatabaseState {
  name: string;
  collections: CollectionState[];
}

export interface Storage {
  /** Recovers the state: the latest snapshot, then every journal record after it. */
  open(): Promise<DatabaseState[]>;
  /**
   * Appends records in call order; resolves once they are on disk (fsync), so the caller may acknowledge.
   * Concurrent calls share one fsync (group commit).
   */
  append(records: JournalRecord[]): Promise<void>;
  /** Flushes, writes nothing more, releases the lock. */
  close(): Promise<void>;
}

export interface StorageOptions {
  /** A directory, or ':memory:' to keep nothing. */
  dbPath: string;
  /**
   * Captures the whole state synchronously (documents are immutable, so references are enough); the
   * storage calls it when it decides to compact the journal into a snapshot.
   */
  captureState: () => DatabaseState[];
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
}
