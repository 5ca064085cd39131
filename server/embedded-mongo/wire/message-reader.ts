import { HEADER_SIZE, MAX_MESSAGE_SIZE, type MessageHeader, ProtocolViolation } from './protocol';

export interface RawMessage {
  header: MessageHeader;
  /** The bytes after the 16-byte header. */
  body: Buffer;
}

/**
 * Cuts a TCP byte stream into wire messages. Keeps at most one partial message buffered, and refuses a
 * declared length outside [16, MAX_MESSAGE_SIZE] before buffering it, so a bad peer cannot make the
 * server allocate without bound.
 */
export class MessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): RawMessage[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: RawMessage[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const head = this.peek(4);
      const length = head.readInt32LE(0);
      if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE) {
        throw new ProtocolViolation(`message length ${length} is outside 16..${MAX_MESSAGE_SIZE}`);
      }
      if (this.buffered < length) break;
      const whole = this.take(length);
      out.push({
        header: {
          messageLength: length,
          requestId: whole.readInt32LE(4),
          responseTo: whole.readInt32LE(8),
          opCode: whole.readInt32LE(12),
        },
        body: whole.subarray(HEADER_SIZE),
      });
    }
    return out;
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) return first.subarray(0, n);
    this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!.subarray(0, n);
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const taken = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return taken;
  }
}

export function writeHeader(buf: Buffer, requestId: number, responseTo: number, opCode: number): void {
  buf.writeInt32LE(buf.length, 0);
  buf.writeInt32LE(requestId, 4);
  buf.writeInt32LE(responseTo, 8);
  buf.writeInt32LE(opCode, 12);
}
