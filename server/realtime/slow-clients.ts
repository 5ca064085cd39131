import type { Logger } from '../logger';
import type { RealtimeServer } from './types';

/**
 * How much the server holds for one socket that does not read what it is sent. A reader keeping up never
 * comes near: 1,000 packets or 4 MB is minutes of a busy thread. Past either, the socket is cut (its
 * buffer discarded) rather than the server's memory growing; its client reconnects and catches up with
 * `afterSeq`. Packets wait in engine.io's `writeBuffer` while the transport is busy (long-polling between
 * two requests); over websocket they go on to the `ws` socket, whose `bufferedAmount` then grows instead.
 */
export const MAX_PENDING_PACKETS = 1000;
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const CHECK_EVERY_MS = 1000;

interface EngineConnection {
  writeBuffer?: unknown[];
  transport?: { socket?: { bufferedAmount?: unknown } };
  close(discard?: boolean): unknown;
}

/** Both numbers are public in the libraries' JS but private (or untyped) in their TypeScript types. */
function backlog(conn: EngineConnection): { packets: number; bytes: number } {
  const bytes = conn.transport?.socket?.bufferedAmount;
  return { packets: conn.writeBuffer?.length ?? 0, bytes: typeof bytes === 'number' ? bytes : 0 };
}

export function cutSlowClients(deps: { io: RealtimeServer; logger: Logger }): { close(): void } {
  const timer = setInterval(() => {
    for (const socket of deps.io.of('/').sockets.values()) {
      const conn = socket.conn as unknown as EngineConnection;
      const { packets, bytes } = backlog(conn);
      if (packets > MAX_PENDING_PACKETS || bytes > MAX_BUFFERED_BYTES) {
        deps.logger.warn({ socketId: socket.id, packets, bytes }, 'disconnecting a socket that does not keep up');
        // close(true) discards the buffer: a plain disconnect would wait for it to drain, which it never does.
        conn.close(true);
      }
    }
  }, CHECK_EVERY_MS);
  timer.unref();
  return { close: () => clearInterval(timer) };
}
