import type { SessionsRevoked } from '../events/publisher';
import type { RealtimeSocket } from './types';

export interface Revocation {
  /** Remembers a signed-in socket under its session and its user, until it disconnects. */
  track(socket: RealtimeSocket): void;
  /** Attached to the instance's publisher (`sessionsRevoked`). */
  revoke: SessionsRevoked;
}

function addTo(map: Map<string, Set<RealtimeSocket>>, key: string, socket: RealtimeSocket) {
  const set = map.get(key) ?? new Set<RealtimeSocket>();
  map.set(key, set);
  set.add(socket);
}

function removeFrom(map: Map<string, Set<RealtimeSocket>>, key: string, socket: RealtimeSocket) {
  const set = map.get(key);
  set?.delete(socket);
  if (set?.size === 0) map.delete(key);
}

/**
 * Ends the sockets of ended sessions: on logout those of the session, on a ban or an account's deletion
 * every socket of the user.
 * Each hears `session:revoked` first; `disconnect(true)` lets that packet drain before the connection closes.
 */
export function createRevocation(): Revocation {
  const bySession = new Map<string, Set<RealtimeSocket>>();
  const byUser = new Map<string, Set<RealtimeSocket>>();

  return {
    track(socket) {
      const actor = socket.data.actor;
      if (!actor) return;
      const userId = String(actor.id);
      addTo(bySession, actor.sessionId, socket);
      addTo(byUser, userId, socket);
      socket.on('disconnect', () => {
        removeFrom(bySession, actor.sessionId, socket);
        removeFrom(byUser, userId, socket);
      });
    },
    revoke({ userId, sessionIds, reason }) {
      const wholeUser = reason === 'banned' || reason === 'account-deleted';
      const sockets = new Set<RealtimeSocket>(wholeUser ? byUser.get(userId) : []);
      for (const id of sessionIds) for (const socket of bySession.get(id) ?? []) sockets.add(socket);
      for (const socket of sockets) {
        socket.data.actor = undefined;
        socket.data.token = undefined;
        socket.emit('session:revoked', { reason });
        socket.disconnect(true);
      }
    },
  };
}
