/** Wire protocol constants (MongoDB's "Wire Protocol" reference). */
export const OpCode = {
  REPLY: 1,
  QUERY: 2004,
  COMPRESSED: 2012,
  MSG: 2013,
} as const;

export const HEADER_SIZE = 16;
export { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE, MAX_WRITE_BATCH_SIZE } from '../limits';

/** OP_MSG flag bits. */
export const MsgFlag = {
  CHECKSUM_PRESENT: 1 << 0,
  MORE_TO_COME: 1 << 1,
  EXHAUST_ALLOWED: 1 << 16,
} as const;

export interface MessageHeader {
  messageLength: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

/** A protocol violation: the connection that sent it is answered (when possible) and closed. */
export class ProtocolViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolViolation';
  }
}
