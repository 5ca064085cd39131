import { FileStorage, type FileStorageOptions } from './file-storage';
import { MemoryStorage } from './memory-storage';
import type { Storage } from './types';

export const IN_MEMORY = ':memory:';

/** The storage `dbPath` asks for: nothing kept for ':memory:', else a journal and snapshots in that directory. */
export function createStorage(options: FileStorageOptions): Storage {
  return options.dbPath === IN_MEMORY ? new MemoryStorage() : new FileStorage(options);
}
