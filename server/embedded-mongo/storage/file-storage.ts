import { mkdirSync } from 'node:fs';
import { open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeDocument } from '../engine/values';
import { journalName, parseDataFiles, snapshotName, supersededFiles, syncDir } from './data-files';
import { JournalWriter, type JournalStats } from './journal-writer';
import { lockDataDir, type DirLock } from './lock-file';
import { recover } from './recovery';
import { writeSnapshot } from './snapshot';
import type { DatabaseState, JournalRecord, Storage, StorageOptions } from './types';

export interface FileStorageOptions extends StorageOptions {
  /** Compact the journal into a snapshot once it reaches this size. Default 64 MiB. */
  compactAfterBytes?: number;
  /** On close, compact a journal at least this big, so the next start replays little. Default 4 MiB. */
  compactOnCloseAfterBytes?: number;
}

export interface FileStorageStats extends JournalStats {
  /** Snapshots written since open. */
  snapshots: number;
}

const MiB = 1024 * 1024;

/**
 * Keeps the data in a directory: a write-ahead journal with group commit, compacted now and then into a
 * snapshot. See docs/embedded-mongo-storage.md for the format and the recovery rules.
 *
 * The caller applies each change to its in-memory state in the same tick as it appends the change, so that
 * `captureState()` at any tick boundary equals everything appended so far: compaction relies on it.
 */
export class FileStorage implements Storage {
  readonly stats: FileStorageStats = { fsyncs: 0, bytesWritten: 0, snapshots: 0 };
  private readonly dir: string;
  private phase: 'new' | 'open' | 'closing' | 'closed' = 'new';
  private lock: DirLock | null = null;
  private journal: JournalWriter | null = null;
  private compacting: Promise<void> | null = null;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: FileStorageOptions) {
    this.dir = options.dbPath;
  }

  async open(): Promise<DatabaseState[]> {
    if (this.phase !== 'new') throw new Error('embedded-mongo: a storage can be opened only once');
    mkdirSync(this.dir, { recursive: true });
    const lock = lockDataDir(this.dir, this.options.log);
    try {
      const recovered = recover(this.dir, this.options.log);
      const path = join(this.dir, journalName(recovered.journalSeq));
      const file = recovered.journalExists ? { handle: await open(path, 'r+'), size: recovered.journalSize } : null;
      this.journal = new JournalWriter(this.dir, { seq: recovered.journalSeq, file }, this.stats);
      this.lock = lock;
      this.phase = 'open';
      return recovered.state;
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  append(records: JournalRecord[]): Promise<void> {
    if (this.phase !== 'open' || !this.journal) {
      return Promise.reject(
        new Error(`embedded-mongo: storage is ${this.phase === 'new' ? 'not open yet' : 'closed'}`),
      );
    }
    let encoded: Uint8Array[];
    try {
      encoded = records.map((record) => encodeDocument(record));
    } catch (err) {
      return Promise.reject(err as Error);
    }
    return this.journal.append(encoded).then(() => this.compactIfOver(this.options.compactAfterBytes ?? 64 * MiB));
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    if (this.phase !== 'open' || !this.journal) {
      this.phase = 'closed';
      return;
    }
    this.phase = 'closing';
    try {
      await this.journal.drain();
      await this.compacting;
      this.startCompaction(this.options.compactOnCloseAfterBytes ?? 4 * MiB);
      await this.compacting;
      await this.journal.close();
    } finally {
      this.lock?.release();
      this.phase = 'closed';
    }
  }

  private compactIfOver(threshold: number): void {
    if (this.phase === 'open') this.startCompaction(threshold);
  }

  private startCompaction(threshold: number): void {
    const size = this.journal?.currentSize ?? 0;
    // An empty journal is never rotated away: that keeps journal numbers free of gaps.
    if (this.compacting || size === 0 || size < threshold) return;
    this.compacting = this.compact().finally(() => {
      this.compacting = null;
    });
  }

  /**
   * Captures the state and rotates the journal in one synchronous step, so the snapshot holds exactly the
   * records of the journals before the new one; then writes it while appends go on, and drops what it
   * supersedes. A failed snapshot costs nothing but disk: the journals stay until a later one succeeds.
   */
  private async compact(): Promise<void> {
    const { log } = this.options;
    const journal = this.journal;
    if (!journal) return;
    let state: DatabaseState[];
    try {
      state = this.options.captureState();
    } catch (err) {
      log('error', `could not capture the state for a snapshot: ${(err as Error).message}`);
      return;
    }
    const seq = journal.rotate();
    try {
      const bytes = await writeSnapshot(this.dir, seq, state);
      // Unlinking a journal the writer may still have open is fine on POSIX; its records are in the snapshot.
      const old = supersededFiles(parseDataFiles(await readdir(this.dir)), seq);
      await Promise.all(old.map((name) => rm(join(this.dir, name), { force: true })));
      await syncDir(this.dir);
      this.stats.snapshots++;
      log('info', `wrote ${snapshotName(seq)} (${bytes} bytes) and removed ${old.length} older file(s)`);
    } catch (err) {
      log('error', `could not write ${snapshotName(seq)}, the journals are kept: ${(err as Error).message}`);
    }
  }
}
