// The page's one Socket.IO connection. The handshake carries the session cookie; after sign-in or
// sign-out the socket reconnects so the server sees the new identity. Its state drives the indicator.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/events';
import { bearerEnabled, bearerToken } from './bearer';
import { createStore } from './store';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

export const connection = createStore<ConnectionState>('connecting');

export const socket: AppSocket = io({
  autoConnect: false,
  reconnectionDelayMax: 3000,
  // Read at each (re)connection, so a sign-in in a frame is carried by the next handshake.
  auth: (cb) => cb(bearerEnabled() && bearerToken() ? { token: bearerToken() } : {}),
});

let started = false;

export function startSocket(onRevoked: () => void): void {
  if (started) return;
  started = true;
  socket.on('connect', () => connection.set('live'));
  socket.on('disconnect', (reason) => {
    connection.set('reconnecting');
    // The server closed this socket on purpose (its session ended): carry on as an anonymous reader.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.io.on('reconnect_attempt', () => connection.set('reconnecting'));
  socket.on('session:revoked', () => onRevoked());
  socket.connect();
}

export function reconnectSocket(): void {
  if (!started) return;
  socket.disconnect();
  connection.set('connecting');
  socket.connect();
}

/** Resolves once the socket is connected (at once when it already is). */
export function whenConnected(): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve) => socket.once('connect', () => resolve()));
}
