import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import type Redis from 'ioredis';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { RealtimeServer } from './types';

export interface Cluster {
  close(): Promise<void>;
}

/**
 * Spans the rooms over every instance on the same Redis: emits to a room reach the sockets of all of them
 * (and `serverSideEmit` reaches the other instances). The adapter gets two connections of its own, which
 * queue while Redis is away (the sub connection must subscribe once it is back).
 */
export function joinCluster(io: RealtimeServer, redis: Redis, kind: Config['redisAdapter'], logger: Logger): Cluster {
  const pub = redis.duplicate({ enableOfflineQueue: true });
  const sub = redis.duplicate({ enableOfflineQueue: true });
  // The main client already logs Redis going away; these only must not crash the process with 'error'.
  const quiet = (err: Error) => logger.debug({ err: err.message }, 'Socket.IO adapter connection error');
  pub.on('error', quiet);
  sub.on('error', quiet);
  io.adapter(kind === 'sharded' ? createShardedAdapter(pub, sub) : createAdapter(pub, sub));
  return {
    async close() {
      // Called after the adapter's own close (which unsubscribes); disconnecting does not wait for Redis.
      pub.disconnect();
      sub.disconnect();
    },
  };
}
