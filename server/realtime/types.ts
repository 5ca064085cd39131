import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events';
import type { Actor, SessionsRevoked } from '../domain';

/** Between instances (through the Redis adapter): a logout or ban handled elsewhere. */
export interface InterServerEvents {
  revoke: SessionsRevoked;
}

/** What the handshake leaves on a socket: its actor and session token when it came with a live session. */
export interface SocketData {
  actor?: Actor;
  /** Kept in this process only, to check the session again before writes (see `liveActor`). */
  token?: string;
  /** When the session was last found live (ms since the epoch). */
  checkedAt?: number;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
