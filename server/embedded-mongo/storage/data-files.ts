import { closeSync, fsyncSync, openSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * Names of the files in a data directory. Journals and snapshots share one sequence number:
 * `snapshot-000012.bson` is the state before `journal-000012.log`, so recovery loads the newest snapshot
 * and replays the journals numbered from it upwards.
 */
const JOURNAL = /^journal-(\d+)\.log$/;
const SNAPSHOT = /^snapshot-(\d+)\.bson$/;
const SNAPSHOT_TEMP = /^snapshot-\d+\.bson\.tmp$/;

const pad = (seq: number): string => String(seq).padStart(6, '0');

export const journalName = (seq: number): string => `journal-${pad(seq)}.log`;
export const snapshotName = (seq: number): string => `snapshot-${pad(seq)}.bson`;
export const snapshotTempName = (seq: number): string => `${snapshotName(seq)}.tmp`;

export interface DataFiles {
  /** Sequence numbers, ascending. */
  journals: number[];
  snapshots: number[];
  /** Half-written snapshots left by a crash. */
  snapshotTemps: string[];
}

/** Sorts a directory listing into journals and snapshots; other files are not ours and are ignored. */
export function parseDataFiles(names: string[]): DataFiles {
  const files: DataFiles = { journals: [], snapshots: [], snapshotTemps: [] };
  for (const name of names) {
    const journal = JOURNAL.exec(name);
    const snapshot = SNAPSHOT.exec(name);
    if (journal?.[1] !== undefined) files.journals.push(Number(journal[1]));
    else if (snapshot?.[1] !== undefined) files.snapshots.push(Number(snapshot[1]));
    else if (SNAPSHOT_TEMP.test(name)) files.snapshotTemps.push(name);
  }
  files.journals.sort((a, b) => a - b);
  files.snapshots.sort((a, b) => a - b);
  return files;
}

/** Journals and snapshots that snapshot `seq` makes useless. */
export function supersededFiles(files: DataFiles, seq: number): string[] {
  return [
    ...files.journals.filter((s) => s < seq).map(journalName),
    ...files.snapshots.filter((s) => s < seq).map(snapshotName),
  ];
}

/** Makes creations, renames and deletions in `dir` durable (an fsync of a file does not cover its name). */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function syncDirSync(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes all of `buf` at `position` (a regular-file write is rarely short, but may be). */
export async function writeFullyAt(handle: FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await handle.write(buf, done, buf.length - done, position + done);
    done += bytesWritten;
  }
}

/** The error for a damaged file: recovery refuses to go on rather than drop data silently. */
export function damagedFileError(file: string, offset: number, reason: string): Error {
  return new Error(
    `embedded-mongo: cannot recover the data directory: ${file} is damaged at offset ${offset} (${reason}); ` +
      'refusing to open so that no data is silently lost. Restore the file from a backup or move the data ' +
      'directory away.',
  );
}
