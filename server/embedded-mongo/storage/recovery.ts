import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readdirSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  damagedFileError,
  journalName,
  parseDataFiles,
  snapshotName,
  supersededFiles,
  syncDirSync,
} from './data-files';
import type { DataFiles } from './data-files';
import {
  checkFrame,
  FRAME_HEADER_BYTES,
  MAX_PAYLOAD_BYTES,
  MIN_PAYLOAD_BYTES,
  readJournalPayload,
  scanFrames,
} from './record-codec';
import { loadSnapshot } from './snapshot';
import { StateBuilder } from './state-builder';
import type { DatabaseState, StorageOptions } from './types';

type Log = StorageOptions['log'];

export interface Recovered {
  state: DatabaseState[];
  /** The journal that new records go to: the last one, or the first after the snapshot. */
  journalSeq: number;
  /** Its size after any torn tail was cut off; 0 when it does not exist yet. */
  journalSize: number;
  journalExists: boolean;
}

/**
 * Rebuilds the state of a data directory: the newest snapshot, then every journal numbered from it, in
 * order. Only the end of the last journal may be torn (a write that was never acknowledged); it is cut
 * off with a warning. Any other damage, or a missing journal, makes recovery throw, naming the file.
 * Synchronous: it runs once, before the server accepts anything.
 */
export function recover(dir: string, log: Log): Recovered {
  const files = parseDataFiles(readdirSync(dir));
  for (const temp of files.snapshotTemps) {
    rmSync(join(dir, temp));
    log('warn', `removed ${temp}, a snapshot left half-written by a crash`);
  }

  const snapshotSeq = files.snapshots.at(-1) ?? 0;
  const builder = new StateBuilder();
  if (snapshotSeq > 0) loadSnapshot(dir, snapshotSeq, builder);

  const journals = files.journals.filter((seq) => seq >= snapshotSeq);
  checkNoGaps(journals, snapshotSeq);
  let journalSize = 0;
  journals.forEach((seq, i) => {
    journalSize = replayJournal(dir, seq, builder, i === journals.length - 1, log);
  });

  removeSuperseded(dir, files, snapshotSeq, log);
  const last = journals.at(-1);
  return {
    state: builder.states(),
    journalSeq: last ?? Math.max(snapshotSeq, 1),
    journalSize: last === undefined ? 0 : journalSize,
    journalExists: last !== undefined,
  };
}

/** A journal is created only once the one before it is complete, so a gap means a file was lost. */
function checkNoGaps(journals: number[], snapshotSeq: number): void {
  let expected = Math.max(snapshotSeq, 1);
  for (const seq of journals) {
    if (seq !== expected) {
      const after = snapshotSeq > 0 ? `after ${snapshotName(snapshotSeq)}` : 'without a snapshot';
      throw new Error(
        `embedded-mongo: cannot recover the data directory: ${journalName(expected)} is missing (${journalName(seq)} exists ${after})`,
      );
    }
    expected++;
  }
}

/** Applies one journal; returns its good length. */
function replayJournal(dir: string, seq: number, builder: StateBuilder, isLast: boolean, log: Log): number {
  const name = journalName(seq);
  const fd = openSync(join(dir, name), isLast ? 'r+' : 'r');
  try {
    const size = fstatSync(fd).size;
    const scan = scanFrames(fd, size, (payload) => builder.apply(readJournalPayload(payload).record));
    if (!scan.bad) return size;
    const { offset, reason, kind } = scan.bad;
    // A record that passed its checksum but does not decode was written that way: never a torn write.
    if (!isLast || kind === 'content' || !isTornTail(fd, size, offset)) throw damagedFileError(name, offset, reason);
    log(
      'warn',
      `${name}: dropped the last ${size - offset} bytes at offset ${offset} (${reason}): a write cut short by a crash, never acknowledged`,
    );
    ftruncateSync(fd, offset);
    fsyncSync(fd);
    return offset;
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether the damage at `badOffset` lies in the last write batch. The pages of one write may reach the disk
 * in any order, so good records can follow the damage within that batch; a good record of a later batch
 * (its batch starting past the damage) proves the damaged batch was fsynced and acknowledged.
 */
function isTornTail(fd: number, size: number, badOffset: number): boolean {
  const tail = Buffer.allocUnsafe(size - badOffset);
  let got = 0;
  while (got < tail.length) {
    const n = readSync(fd, tail, got, tail.length - got, badOffset + got);
    if (n === 0) break;
    got += n;
  }
  for (let at = 1; at + FRAME_HEADER_BYTES < got; at++) {
    const length = tail.readUInt32LE(at);
    // Cheap filters first: a plausible length that the BSON document repeats as its first field.
    if (length < MIN_PAYLOAD_BYTES || length > MAX_PAYLOAD_BYTES || at + FRAME_HEADER_BYTES + length > got) continue;
    if (tail.readInt32LE(at + FRAME_HEADER_BYTES) !== length) continue;
    const check = checkFrame(tail, at, got);
    if (!check.ok) continue;
    try {
      if (readJournalPayload(check.payload).batchStart > badOffset) return false;
    } catch {
      return false; // a well-formed record that does not decode is no torn write
    }
    at = check.next - 1;
  }
  return true;
}

/** Files a newer snapshot covers: left behind when a crash came between the snapshot and the clean-up. */
function removeSuperseded(dir: string, files: DataFiles, snapshotSeq: number, log: Log): void {
  const old = supersededFiles(files, snapshotSeq);
  for (const name of old) rmSync(join(dir, name));
  if (old.length > 0) {
    syncDirSync(dir);
    log('info', `removed ${old.length} file(s) superseded by ${snapshotName(snapshotSeq)}`);
  }
}
