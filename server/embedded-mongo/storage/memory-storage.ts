import type { DatabaseState, JournalRecord, Storage } from './types';

/** The storage for `dbPath: ':memory:'`: keeps nothing, so every start is empty and every write is instant. */
export class MemoryStorage implements Storage {
  open(): Promise<DatabaseState[]> {
    return Promise.resolve([]);
  }

  append(_records: JournalRecord[]): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
