import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { journalName, syncDir, writeFullyAt } from './data-files';
import { encodeFrames, journalPayload } from './record-codec';

export interface JournalStats {
  /** fdatasync calls on journals: with group commit, far fewer than appends under concurrency. */
  fsyncs: number;
  /** Bytes written to journals. */
  bytesWritten: number;
}

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

/** Records waiting for the next write, all bound for journal `seq`. */
interface Batch {
  seq: number;
  records: Uint8Array[];
  bytes: number;
  waiters: Waiter[];
}

/** A batch this big is written even if more could join it, to keep each write and its buffer bounded. */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

export interface JournalPosition {
  seq: number;
  /** The open journal `seq` and its size, or null when that journal does not exist yet. */
  file: { handle: FileHandle; size: number } | null;
}

/**
 * Appends records to the journal with group commit: while one write + fdatasync is in flight, new records
 * gather in the next batch, which then goes out as one write and one fdatasync. Batches are written in the
 * order their records were appended. After a failed write or fsync the file's state is unknown (and a
 * retried fsync can report success for lost pages), so the writer refuses everything from then on.
 */
export class JournalWriter {
  private readonly queue: Batch[] = [];
  private flushing: Promise<void> | null = null;
  private failure: Error | null = null;
  private file: { handle: FileHandle; size: number } | null;
  private fileSeq: number;
  /** The journal new appends go to; ahead of `fileSeq` between a rotation and the first write after it. */
  private targetSeq: number;

  constructor(
    private readonly dir: string,
    start: JournalPosition,
    private readonly stats: JournalStats,
  ) {
    this.file = start.file;
    this.fileSeq = start.seq;
    this.targetSeq = start.seq;
  }

  /** Size of the journal that appends currently go to. */
  get currentSize(): number {
    return this.targetSeq === this.fileSeq ? (this.file?.size ?? 0) : 0;
  }

  /** Resolves once `records` (encoded BSON) are on disk. */
  append(records: Uint8Array[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      let batch = this.queue.at(-1);
      if (!batch || batch.seq !== this.targetSeq || batch.bytes >= MAX_BATCH_BYTES) {
        batch = { seq: this.targetSeq, records: [], bytes: 0, waiters: [] };
        this.queue.push(batch);
      }
      for (const record of records) {
        batch.records.push(record);
        batch.bytes += record.length;
      }
      batch.waiters.push({ resolve, reject });
      this.flushing ??= this.flushAll();
    });
  }

  /**
   * Sends every later append to the next journal; records appended before still go to the current one.
   * Returns the new journal's number. Callers rotate only a journal that has records, so journals are
   * numbered without gaps.
   */
  rotate(): number {
    this.targetSeq++;
    return this.targetSeq;
  }

  /** Waits until everything appended so far is on disk (or has failed). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.file?.handle.close();
    this.file = null;
  }

  private async flushAll(): Promise<void> {
    // Let the I/O callbacks of this turn of the event loop append too, so a burst of requests that
    // arrived together shares the first fsync instead of waiting for the second.
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (let batch = this.queue.shift(); batch; batch = this.queue.shift()) {
      try {
        await this.write(batch);
        for (const waiter of batch.waiters) waiter.resolve();
      } catch (err) {
        this.fail(err as Error, [batch, ...this.queue.splice(0)]);
      }
    }
    this.flushing = null;
  }

  private async write(batch: Batch): Promise<void> {
    const file = batch.seq === this.fileSeq && this.file ? this.file : await this.openJournal(batch.seq);
    if (batch.records.length === 0) return;
    // Every record names where its batch starts: recovery uses it to tell a torn last batch from damage.
    const start = file.size;
    const bytes = encodeFrames(batch.records.map((record) => journalPayload(record, start)));
    await writeFullyAt(file.handle, bytes, start);
    file.size += bytes.length;
    this.stats.bytesWritten += bytes.length;
    await file.handle.datasync();
    this.stats.fsyncs++;
  }

  /** Closes the previous journal (its last write is fsynced: batches go one at a time) and creates `seq`. */
  private async openJournal(seq: number): Promise<{ handle: FileHandle; size: number }> {
    await this.file?.handle.close();
    this.file = null;
    const handle = await open(join(this.dir, journalName(seq)), 'wx');
    this.file = { handle, size: 0 };
    this.fileSeq = seq;
    await syncDir(this.dir); // the new name must be durable before records in it are acknowledged
    return this.file;
  }

  private fail(cause: Error, batches: Batch[]): void {
    this.failure = new Error(
      `embedded-mongo: writing the journal failed, so the storage accepts no more writes: ${cause.message}`,
    );
    for (const batch of batches) for (const waiter of batch.waiters) waiter.reject(this.failure);
  }
}
