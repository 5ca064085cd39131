import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, PublicEvent, ServerToClientEvents } from '../../shared/events';
import type { Actor } from '../app-context';
import type { SessionsRevoked } from '../events/publisher';

/**
 * Between instances (through the Redis adapter): a logout or ban handled elsewhere, and each event an
 * instance broadcast, for the others to deliver to their own readers (broadcaster.ts).
 */
export interface InterServerEvents {
  revoke: SessionsRevoked;
  'article:feed': (event: PublicEvent) => void;
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
