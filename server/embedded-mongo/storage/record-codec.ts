import { crc32c } from '@node-rs/crc32';
import { readSync } from 'node:fs';
import type { Doc } from '../engine/values';
import { decodeDocument, toComparable } from '../engine/values';
import type { JournalRecord } from './types';

/**
 * The framing shared by journals and snapshots: [u32 length][u32 crc32c of the payload][payload], little
 * endian, the payload being one BSON document. The checksum tells a torn or damaged record from a good one.
 */
export const FRAME_HEADER_BYTES = 8;

/** BSON documents are at most 16 MiB; a record wraps one in a few bytes of envelope. */
export const MAX_PAYLOAD_BYTES = 17 * 1024 * 1024;

/** The smallest BSON document, `{}`, is 5 bytes. */
export const MIN_PAYLOAD_BYTES = 5;

export const frameBytes = (payload: Uint8Array): number => FRAME_HEADER_BYTES + payload.length;

/** Writes one frame at `at`; returns the offset just after it. */
export function writeFrame(target: Buffer, at: number, payload: Uint8Array): number {
  target.writeUInt32LE(payload.length, at);
  target.writeUInt32LE(crc32c(payload) >>> 0, at + 4);
  target.set(payload, at + FRAME_HEADER_BYTES);
  return at + frameBytes(payload);
}

export function encodeFrames(payloads: Uint8Array[]): Buffer {
  const out = Buffer.allocUnsafe(payloads.reduce((n, p) => n + frameBytes(p), 0));
  let at = 0;
  for (const payload of payloads) at = writeFrame(out, at, payload);
  return out;
}

export type FrameCheck = { ok: true; payload: Buffer; next: number } | { ok: false; reason: string };

/** Checks the frame that starts at `at` in `buf`, whose bytes end at `end`. */
export function checkFrame(buf: Buffer, at: number, end: number): FrameCheck {
  if (end - at < FRAME_HEADER_BYTES) return { ok: false, reason: `truncated record header (${end - at} bytes)` };
  const length = buf.readUInt32LE(at);
  if (length < MIN_PAYLOAD_BYTES || length > MAX_PAYLOAD_BYTES) {
    return { ok: false, reason: `invalid record length ${length}` };
  }
  const next = at + FRAME_HEADER_BYTES + length;
  if (next > end) return { ok: false, reason: `record length ${length} runs past the end of the file` };
  const payload = buf.subarray(at + FRAME_HEADER_BYTES, next);
  if (crc32c(payload) >>> 0 !== buf.readUInt32LE(at + 4)) return { ok: false, reason: 'checksum mismatch' };
  // A BSON document starts with its own length and ends with a zero byte; a cheap second opinion.
  if (payload.readInt32LE(0) !== length || payload[length - 1] !== 0) return { ok: false, reason: 'malformed BSON' };
  return { ok: true, payload, next };
}

export interface ScanResult {
  /**
   * The first frame that could not be read, if any: its framing is broken (as a torn write leaves it), or
   * its content, though intact, does not decode.
   */
  bad?: { offset: number; reason: string; kind: 'frame' | 'content' };
}

const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Reads the frames of a file in order, a few MiB at a time (snapshots can be large), and stops at the end
 * or at the first bad frame. `visit` gets a private copy of each payload: bson's Binary values keep a view
 * of the bytes they were decoded from, so they must not share the read buffer. A `visit` that throws
 * marks that frame bad (e.g. a checksum-valid record that does not decode).
 */
export function scanFrames(fd: number, fileSize: number, visit: (payload: Buffer, offset: number) => void): ScanResult {
  let buf = Buffer.alloc(0);
  let bufStart = 0;
  let bufFilled = 0;
  /** Makes the file's bytes [pos, pos + n), cut at the end of the file, available in `buf`. */
  const load = (pos: number, n: number): void => {
    const want = Math.min(n, fileSize - pos);
    if (pos >= bufStart && pos + want <= bufStart + bufFilled) return;
    const length = Math.min(Math.max(want, CHUNK_BYTES), fileSize - pos);
    if (buf.length < length) buf = Buffer.allocUnsafe(length);
    bufStart = pos;
    bufFilled = readFully(fd, buf, length, pos);
  };

  let pos = 0;
  while (pos < fileSize) {
    load(pos, FRAME_HEADER_BYTES);
    const headerAt = pos - bufStart;
    if (bufFilled - headerAt >= FRAME_HEADER_BYTES) {
      load(pos, FRAME_HEADER_BYTES + Math.min(buf.readUInt32LE(headerAt), MAX_PAYLOAD_BYTES));
    }
    // The second load may have moved the window, hence `pos - bufStart` afresh.
    const check = checkFrame(buf, pos - bufStart, bufFilled);
    if (!check.ok) return { bad: { offset: pos, reason: check.reason, kind: 'frame' } };
    try {
      visit(Buffer.from(check.payload), pos);
    } catch (err) {
      const reason = `unreadable record (${(err as Error).message})`;
      return { bad: { offset: pos, reason, kind: 'content' } };
    }
    pos = bufStart + check.next;
  }
  return {};
}

function readFully(fd: number, buf: Buffer, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/**
 * A journal payload is the BSON document `{ b: <offset where its write batch starts>, r: <record> }`.
 * `b` lets recovery tell a torn last batch (whose records may reach the disk out of order) from damage to
 * an earlier, acknowledged one. The record is encoded once, when appended; the envelope is put around it
 * by hand at write time, when the batch's offset is known: type 0x01 (double) `b`, type 0x03 (document) `r`.
 */
export function journalPayload(recordBson: Uint8Array, batchStart: number): Buffer {
  const length = 4 + (1 + 2 + 8) + (1 + 2 + recordBson.length) + 1;
  const out = Buffer.allocUnsafe(length);
  out.writeInt32LE(length, 0);
  out.write('\x01b\x00', 4, 'latin1');
  out.writeDoubleLE(batchStart, 7);
  out.write('\x03r\x00', 15, 'latin1');
  out.set(recordBson, 18);
  out[length - 1] = 0;
  return out;
}

export interface JournalEntry {
  record: JournalRecord;
  batchStart: number;
}

export function readJournalPayload(payload: Uint8Array): JournalEntry {
  const doc = decodeDocument(payload);
  const batchStart = toComparable(doc.b);
  if (typeof batchStart !== 'number') throw new Error('journal record without its batch offset');
  return { record: asRecord(doc.r), batchStart };
}

export function asRecord(value: unknown): JournalRecord {
  const op = (value as Doc | undefined)?.op;
  if (typeof op !== 'string') throw new Error('not a journal record');
  return value as JournalRecord;
}
