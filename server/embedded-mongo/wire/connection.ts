import type { Socket } from 'node:net';
import type { Doc } from '../engine/values';
import { MessageReader } from './message-reader';
import { encodeOpMsg, parseOpMsg } from './op-msg';
import { encodeOpReply, parseOpQuery } from './op-query';
import { OpCode, ProtocolViolation } from './protocol';

/**
 * Runs one command and returns its reply document (errors already turned into `{ ok: 0, ... }`).
 * `receivedAt` (`performance.now()`) is when its message arrived: a `maxTimeMS` counts from there, so time
 * spent waiting behind the connection's earlier commands counts too, as a lock wait does in mongod.
 */
export type CommandRunner = (db: string, command: Doc, connectionId: number, receivedAt: number) => Promise<Doc>;

let nextRequestId = 1;
const requestId = () => (nextRequestId = (nextRequestId % 0x7fffffff) + 1);

/**
 * One client connection. Messages are handled one after another, in arrival order, as mongod does for a
 * connection; different connections run concurrently. A protocol violation closes only this connection.
 */
export function serveConnection(
  socket: Socket,
  connectionId: number,
  run: CommandRunner,
  onViolation: (msg: string) => void,
): void {
  const reader = new MessageReader();
  let queue: Promise<void> = Promise.resolve();
  socket.setNoDelay(true);

  const violate = (err: unknown) => {
    onViolation(`connection ${connectionId}: ${(err as Error).message}`);
    socket.destroy();
  };

  socket.on('data', (chunk: Buffer) => {
    let messages;
    try {
      messages = reader.push(chunk);
    } catch (err) {
      violate(err);
      return;
    }
    const receivedAt = performance.now();
    for (const { header, body } of messages) {
      queue = queue.then(async () => {
        if (socket.destroyed) return;
        try {
          if (header.opCode === OpCode.MSG) {
            const whole = () => Buffer.concat([headerBytes(header), body]);
            const msg = parseOpMsg(body, whole);
            const db = typeof msg.command.$db === 'string' ? msg.command.$db : '';
            if (!db) throw new ProtocolViolation('OP_MSG command without $db');
            const reply = await run(db, msg.command, connectionId, receivedAt);
            if (!msg.moreToCome && !socket.destroyed) socket.write(encodeOpMsg(requestId(), header.requestId, reply));
          } else if (header.opCode === OpCode.QUERY) {
            const q = parseOpQuery(body);
            const [db, coll] = splitNamespace(q.fullCollectionName);
            if (coll !== '$cmd')
              throw new ProtocolViolation(`legacy OP_QUERY on ${q.fullCollectionName} is not supported; only commands`);
            // Legacy handshakes may wrap the command as { $query: {...}, $readPreference }.
            const command = (q.query.$query as Doc | undefined) ?? q.query;
            const reply = await run(db, command, connectionId, receivedAt);
            if (!socket.destroyed) socket.write(encodeOpReply(requestId(), header.requestId, reply));
          } else {
            throw new ProtocolViolation(
              `unsupported opCode ${header.opCode}${header.opCode === OpCode.COMPRESSED ? ' (compression is not offered)' : ''}`,
            );
          }
        } catch (err) {
          violate(err);
        }
      });
    }
  });
  socket.on('error', () => socket.destroy());
}

function headerBytes(h: { messageLength: number; requestId: number; responseTo: number; opCode: number }): Buffer {
  const b = Buffer.allocUnsafe(16);
  b.writeInt32LE(h.messageLength, 0);
  b.writeInt32LE(h.requestId, 4);
  b.writeInt32LE(h.responseTo, 8);
  b.writeInt32LE(h.opCode, 12);
  return b;
}

function splitNamespace(ns: string): [string, string] {
  const dot = ns.indexOf('.');
  return dot < 0 ? [ns, ''] : [ns.slice(0, dot), ns.slice(dot + 1)];
}
