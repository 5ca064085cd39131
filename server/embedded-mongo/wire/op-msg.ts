import { crc32c } from '@node-rs/crc32';
import { type Doc, decodeDocument, encodeDocument } from '../engine/values';
import { writeHeader } from './message-reader';
import { HEADER_SIZE, MAX_BSON_OBJECT_SIZE, MsgFlag, OpCode, ProtocolViolation } from './protocol';

export interface OpMsg {
  flags: number;
  /** The kind-0 section, with every kind-1 document sequence added as an array field of its identifier. */
  command: Doc;
  moreToCome: boolean;
}

const KNOWN_FLAGS = MsgFlag.CHECKSUM_PRESENT | MsgFlag.MORE_TO_COME | MsgFlag.EXHAUST_ALLOWED;

function readDocument(body: Buffer, at: number, end: number): { doc: Doc; next: number } {
  if (at + 5 > end) throw new ProtocolViolation('truncated BSON document');
  const size = body.readInt32LE(at);
  if (size < 5 || at + size > end) throw new ProtocolViolation(`invalid BSON document length ${size}`);
  if (size > MAX_BSON_OBJECT_SIZE + 16 * 1024)
    throw new ProtocolViolation(`BSON document of ${size} bytes is over the 16 MiB limit`);
  let doc: Doc;
  try {
    doc = decodeDocument(body.subarray(at, at + size));
  } catch (err) {
    throw new ProtocolViolation(`invalid BSON: ${(err as Error).message}`);
  }
  return { doc, next: at + size };
}

/** Parses an OP_MSG body (the bytes after the header); `whole` is the full message for the checksum. */
export function parseOpMsg(body: Buffer, whole: () => Buffer): OpMsg {
  if (body.length < 5) throw new ProtocolViolation('OP_MSG too short');
  const flags = body.readUInt32LE(0);
  if (flags & ~KNOWN_FLAGS & 0xffff) throw new ProtocolViolation(`unknown required OP_MSG flag bits ${flags}`);
  let end = body.length;
  if (flags & MsgFlag.CHECKSUM_PRESENT) {
    end -= 4;
    if (end < 5) throw new ProtocolViolation('OP_MSG too short for its checksum');
    const bytes = whole();
    const expected = body.readUInt32LE(end);
    if (crc32c(bytes.subarray(0, bytes.length - 4)) !== expected)
      throw new ProtocolViolation('OP_MSG checksum mismatch');
  }
  let command: Doc | undefined;
  const sequences: Record<string, Doc[]> = {};
  let at = 4;
  while (at < end) {
    const kind = body.readUInt8(at++);
    if (kind === 0) {
      if (command) throw new ProtocolViolation('OP_MSG with two body sections');
      const { doc, next } = readDocument(body, at, end);
      command = doc;
      at = next;
    } else if (kind === 1) {
      if (at + 4 > end) throw new ProtocolViolation('truncated document sequence');
      const size = body.readInt32LE(at);
      const seqEnd = at + size;
      if (size < 5 || seqEnd > end) throw new ProtocolViolation(`invalid document sequence length ${size}`);
      const nul = body.indexOf(0, at + 4);
      if (nul < 0 || nul >= seqEnd) throw new ProtocolViolation('document sequence without identifier');
      const id = body.toString('utf8', at + 4, nul);
      const docs = (sequences[id] ??= []);
      let p = nul + 1;
      while (p < seqEnd) {
        const { doc, next } = readDocument(body, p, seqEnd);
        docs.push(doc);
        p = next;
      }
      at = seqEnd;
    } else {
      throw new ProtocolViolation(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!command) throw new ProtocolViolation('OP_MSG without a body section');
  for (const [id, docs] of Object.entries(sequences)) {
    if (id in command) throw new ProtocolViolation(`field ${id} given both in the body and as a document sequence`);
    command[id] = docs;
  }
  return { flags, command, moreToCome: (flags & MsgFlag.MORE_TO_COME) !== 0 };
}

export function encodeOpMsg(requestId: number, responseTo: number, reply: Doc): Buffer {
  const doc = encodeDocument(reply);
  const buf = Buffer.allocUnsafe(HEADER_SIZE + 4 + 1 + doc.length);
  writeHeader(buf, requestId, responseTo, OpCode.MSG);
  buf.writeUInt32LE(0, HEADER_SIZE);
  buf.writeUInt8(0, HEADER_SIZE + 4);
  buf.set(doc, HEADER_SIZE + 5);
  return buf;
}
