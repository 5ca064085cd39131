import type { AppContext } from '../app-context';
import type { Logger } from '../logger';
import type { RealtimeCounters } from '../metrics';
import type { PresenceTracker } from './presence';
import type { SocketGate } from './socket-gate';

/** What the socket handlers need; each declares the part it uses. */
export interface RealtimeContext {
  ctx: AppContext;
  logger: Logger;
  presence: PresenceTracker;
  metrics: RealtimeCounters;
  /** Per-socket and per-address bounds (socket-gate.ts). */
  gate: SocketGate;
}
