import { closeSync, fstatSync, openSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { decodeDocument, encodeDocument, toComparable } from '../engine/values';
import { damagedFileError, snapshotName, snapshotTempName, syncDir, writeFullyAt } from './data-files';
import { asRecord, encodeFrames, scanFrames } from './record-codec';
import type { StateBuilder } from './state-builder';
import type { DatabaseState, JournalRecord } from './types';

/**
 * A snapshot is the whole state as a sequence of frames: a header `{ snapshot: 1, seq }`, then the state
 * as journal records `{ r: record }` (createCollection, createIndex and put for each collection), then a
 * trailer `{ end: <number of records> }`. Reusing the journal's records means recovery applies both the
 * same way. It is written to a temp file and renamed into place once fsynced, so a snapshot under its
 * final name is always complete; the trailer still guards against a file cut short by other means.
 */
const FORMAT_VERSION = 1;

/** Bytes encoded between two writes: small enough that appends keep flowing while a snapshot is written. */
const CHUNK_BYTES = 256 * 1024;

/**
 * Flushing the snapshot as it goes keeps the final fsync short: on ext4 a journal fdatasync may have to
 * wait for the file system to write out other files' dirty data, so one huge flush at the end would stall
 * the appends that run meanwhile.
 */
const SYNC_EVERY_BYTES = 8 * 1024 * 1024;

function* stateRecords(state: DatabaseState[]): Generator<JournalRecord> {
  for (const db of state) {
    for (const c of db.collections) {
      yield { op: 'createCollection', db: db.name, coll: c.name, options: c.options };
      for (const spec of c.indexes) yield { op: 'createIndex', db: db.name, coll: c.name, spec };
      for (const doc of c.docs) yield { op: 'put', db: db.name, coll: c.name, doc };
    }
  }
}

/** Writes `state` as `snapshot-<seq>.bson` in `dir`, durably; resolves to its size in bytes. */
export async function writeSnapshot(dir: string, seq: number, state: DatabaseState[]): Promise<number> {
  const tempPath = join(dir, snapshotTempName(seq));
  const handle = await open(tempPath, 'w');
  let position = 0;
  let synced = 0;
  try {
    let payloads: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = async (): Promise<void> => {
      const chunk = encodeFrames(payloads);
      payloads = [];
      pendingBytes = 0;
      await writeFullyAt(handle, chunk, position);
      position += chunk.length;
      if (position - synced >= SYNC_EVERY_BYTES) {
        await handle.datasync();
        synced = position;
      }
    };
    const add = async (doc: Record<string, unknown>): Promise<void> => {
      const payload = encodeDocument(doc);
      payloads.push(payload);
      pendingBytes += payload.length;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    };

    await add({ snapshot: FORMAT_VERSION, seq });
    let count = 0;
    for (const record of stateRecords(state)) {
      await add({ r: record });
      count++;
    }
    await add({ end: count });
    await flush();
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tempPath, { force: true });
    throw err;
  }
  await handle.close();
  await rename(tempPath, join(dir, snapshotName(seq)));
  await syncDir(dir);
  return position;
}

/** Applies the snapshot `snapshot-<seq>.bson` to `builder`; throws naming the file and offset if damaged. */
export function loadSnapshot(dir: string, seq: number, builder: StateBuilder): void {
  const path = join(dir, snapshotName(seq));
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let sawHeader = false;
    let records = 0;
    let ended = false;
    const scan = scanFrames(fd, size, (payload) => {
      const doc = decodeDocument(payload);
      if (ended) throw new Error('data after the end marker');
      if (!sawHeader) {
        if (toComparable(doc.snapshot) !== FORMAT_VERSION || toComparable(doc.seq) !== seq) {
          throw new Error('not a snapshot header of this version and sequence number');
        }
        sawHeader = true;
      } else if ('end' in doc) {
        if (toComparable(doc.end) !== records)
          throw new Error(`end marker counts ${String(doc.end)} records, found ${records}`);
        ended = true;
      } else {
        builder.apply(asRecord(doc.r));
        records++;
      }
    });
    if (scan.bad) throw damagedFileError(basename(path), scan.bad.offset, scan.bad.reason);
    if (!ended) throw damagedFileError(basename(path), size, 'snapshot is incomplete: no end marker');
  } finally {
    closeSync(fd);
  }
}
