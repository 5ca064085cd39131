import type { IncomingMessage } from 'node:http';
import type { ServerOptions } from 'socket.io';
import type { Config } from '../config';
import { addressKey, clientAddress } from '../lib/client-address';
import type { RealtimeServer } from './types';

type AllowRequest = NonNullable<ServerOptions['allowRequest']>;

/**
 * At most `config.socketsPerAddress` Engine.IO sessions (websocket or long-polling, connected or merely
 * handshaken and abandoned) per client address on this instance, whatever RATE_LIMITS says: one address
 * cannot hold the process's file descriptors or memory. The address honours TRUST_PROXY like `req.ip`.
 * A handshake beyond the cap is refused (403) before anything is read; the address's other sessions and
 * every other address go on.
 */
export function capSessionsPerAddress(config: Pick<Config, 'trustProxy' | 'socketsPerAddress'>) {
  const open = new Map<string, number>();
  const keyOf = (req: IncomingMessage) => addressKey(clientAddress(req, config.trustProxy));
  // The key of each open session, for its close: one listener shared by every session (`this` is the
  // session), not a closure and a `once` wrapper each, which an idle socket would keep (issue 19).
  const keys = new WeakMap<object, string>();
  function closed(this: object) {
    const key = keys.get(this);
    if (key === undefined) return;
    keys.delete(this);
    const left = (open.get(key) ?? 1) - 1;
    if (left > 0) open.set(key, left);
    else open.delete(key);
  }

  return {
    /** Counts the sessions as Engine.IO opens and closes them. */
    track(io: RealtimeServer) {
      io.engine.on('connection', (conn: { request: IncomingMessage; on(event: 'close', f: () => void): void }) => {
        const key = keyOf(conn.request);
        open.set(key, (open.get(key) ?? 0) + 1);
        keys.set(conn, key);
        conn.on('close', closed);
      });
    },
    /** Engine.IO's `allowRequest` (called for handshakes only), after `first` allowed the request. */
    gate(first: AllowRequest): AllowRequest {
      return (req, callback) =>
        first(req, (err, allowed) => {
          const full = (open.get(keyOf(req)) ?? 0) >= config.socketsPerAddress;
          if (!allowed) callback(err, false);
          else if (full) callback('Too many connections from this address.', false);
          else callback(null, true);
        });
    },
  };
}
