import { type Doc, decodeDocument, encodeDocument } from '../engine/values';
import { writeHeader } from './message-reader';
import { HEADER_SIZE, OpCode, ProtocolViolation } from './protocol';

export interface OpQuery {
  /** e.g. `admin.$cmd` */
  fullCollectionName: string;
  query: Doc;
}

/**
 * The legacy OP_QUERY, which drivers still use for the very first handshake on a socket. Only commands
 * on `<db>.$cmd` are served; the server answers with OP_REPLY.
 */
export function parseOpQuery(body: Buffer): OpQuery {
  const nul = body.indexOf(0, 4);
  if (nul < 0) throw new ProtocolViolation('OP_QUERY without a collection name');
  const fullCollectionName = body.toString('utf8', 4, nul);
  const at = nul + 1 + 8; // numberToSkip, numberToReturn
  if (at + 5 > body.length) throw new ProtocolViolation('truncated OP_QUERY');
  const size = body.readInt32LE(at);
  if (size < 5 || at + size > body.length) throw new ProtocolViolation('invalid OP_QUERY document');
  let query: Doc;
  try {
    query = decodeDocument(body.subarray(at, at + size));
  } catch (err) {
    throw new ProtocolViolation(`invalid BSON: ${(err as Error).message}`);
  }
  return { fullCollectionName, query };
}

export function encodeOpReply(requestId: number, responseTo: number, reply: Doc): Buffer {
  const doc = encodeDocument(reply);
  const buf = Buffer.allocUnsafe(HEADER_SIZE + 20 + doc.length);
  writeHeader(buf, requestId, responseTo, OpCode.REPLY);
  buf.writeInt32LE(0, HEADER_SIZE); // responseFlags
  buf.writeBigInt64LE(0n, HEADER_SIZE + 4); // cursorID
  buf.writeInt32LE(0, HEADER_SIZE + 12); // startingFrom
  buf.writeInt32LE(1, HEADER_SIZE + 16); // numberReturned
  buf.set(doc, HEADER_SIZE + 20);
  return buf;
}
