import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import type { RealtimeSocket } from './types';

/** The handshake headers read after the connection: the client's address behind proxies (socket-gate.ts). */
const KEPT_HEADERS = ['x-forwarded-for'] as const;
const NOTHING = Object.freeze({});

/**
 * Lets go of what a connected socket no longer needs, so that an idle reader costs the server little
 * (issue 19; `npx tsx scripts/bench/heap-per-socket.ts` shows what each socket keeps, by constructor):
 * - the handshake's HTTP request (headers, raw headers, parsed URL, its stream state): Socket.IO documents
 *   letting `conn.request` go, but engine.io's upgrade response still holds it from a `close` listener on
 *   the TCP socket, which only engine.io middlewares listen to (the app has none);
 * - of `socket.handshake`, all but the address and the headers read later (a browser sends kilobytes of
 *   them: cookies, user agent, languages), once the handshake middleware has read its token;
 * - the socket's own room (named by its id, which Socket.IO joins it to): the app never emits to one socket
 *   through a room, and each costs the adapter a set of its own. (Without it `socket.broadcast` and
 *   `socket.to()` would not skip the sender: the app broadcasts with `io.to()` only.)
 */
export function leanConnection(socket: RealtimeSocket): void {
  const conn = socket.conn as unknown as EngineConnection;
  conn.request = null;
  // A browser connects by long-polling first: the websocket's request comes with the upgrade.
  if (conn.transport.name === 'websocket') dropUpgradeResponse(conn.transport);
  else conn.once('upgrade', dropUpgradeResponse);
  const { handshake } = socket;
  const headers: IncomingHttpHeaders = {};
  for (const name of KEPT_HEADERS) if (handshake.headers[name] !== undefined) headers[name] = handshake.headers[name];
  Object.assign(handshake, { headers, time: '', url: '', query: NOTHING, auth: NOTHING });
  void socket.leave(socket.id);
}

/** The parts of engine.io's connection used here: public in its JS, private or untyped in its types. */
interface EngineConnection {
  request: IncomingMessage | null;
  transport: Transport;
  once(event: 'upgrade', listener: (transport: Transport) => void): void;
}
interface Transport {
  name: string;
  /** The `ws` WebSocket of a websocket transport, on its TCP socket. */
  socket?: { _socket?: NetSocket };
}

/** engine.io's WebSocketResponse listens with `socket.once('close', () => this.emit("close"))`. */
function dropUpgradeResponse(transport: Transport): void {
  const tcp = transport.socket?._socket;
  for (const wrapper of tcp?.rawListeners('close') ?? []) {
    const listener = (wrapper as { listener?: () => void }).listener;
    if (listener && /^\(\) => this\.emit\(["']close["']\)$/.test(String(listener))) tcp!.off('close', listener);
  }
}
