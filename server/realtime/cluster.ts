import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import type Redis from 'ioredis';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { reconnectDelay } from '../redis';
import type { RealtimeServer } from './types';

export interface Cluster {
  /**
   * Called each time the adapter's subscriber connection is back after a loss and its subscriptions are in
   * place again: events published elsewhere while it was away never reached this instance.
   */
  onResubscribed(listener: () => void): void;
  close(): Promise<void>;
}

/**
 * Spans the rooms over every instance on the same Redis: emits to a room reach the sockets of all of them
 * (and `serverSideEmit` reaches the other instances). The adapter gets two connections of its own.
 *
 * While Redis is away, publishes wait in the offline queue only until the next failed reconnection
 * (maxRetriesPerRequest of the main client), then fail: the queue cannot grow with an outage, and readers
 * on other instances repair what they missed from /events once presence.lastSeq or the next event shows
 * them the gap. Subscriptions wait for Redis however long it takes (ioredis subscribes again by itself).
 */
export function joinCluster(io: RealtimeServer, redis: Redis, kind: Config['redisAdapter'], logger: Logger): Cluster {
  // No command timeouts here (the main client has one, for the rate limits): a timed-out PUBLISH is a lost
  // broadcast, a timed-out SUBSCRIBE a rejection nobody handles; and with them the adapter took far longer
  // to carry events again after a Redis restart on a loaded machine.
  // The main client's jittered backoff, stated here because the adapter's recovery after a restart is what it
  // is for: events cross instances again within one delay (≤ 500 ms) of Redis answering.
  const own = { enableOfflineQueue: true, commandTimeout: undefined, retryStrategy: reconnectDelay };
  const pub = redis.duplicate(own);
  const sub = redis.duplicate({ ...own, maxRetriesPerRequest: null });
  // The main client already logs Redis going away; these only must not crash the process with 'error'.
  const logAdapterError = (err: Error) => logger.debug({ err: err.message }, 'Socket.IO adapter connection error');
  pub.on('error', logAdapterError);
  sub.on('error', logAdapterError);
  catchPublishFailures(pub, logAdapterError);
  const resubscribed = watchResubscriptions(sub, logAdapterError);
  io.adapter(kind === 'sharded' ? createShardedAdapter(pub, sub) : createAdapter(pub, sub));
  return {
    onResubscribed: (listener) => resubscribed.push(listener),
    async close() {
      // Called after the adapter's own close (which unsubscribes); disconnecting does not wait for Redis.
      pub.disconnect();
      sub.disconnect();
    },
  };
}

/**
 * The listeners to call once `sub` is subscribed again after a lost connection. ioredis sends the SUBSCRIBEs
 * again as it gets ready and emits 'ready' a tick later; a PING queued behind them is answered once Redis
 * has taken them all, so from then on nothing published is missed.
 */
function watchResubscriptions(sub: Redis, onError: (err: Error) => void): (() => void)[] {
  const listeners: (() => void)[] = [];
  let lost = false;
  sub.on('close', () => (lost = true));
  sub.on('ready', () => {
    if (!lost) return;
    lost = false;
    sub.ping().then(() => listeners.forEach((listener) => listener()), onError);
  });
  return listeners;
}

/**
 * The classic adapter publishes without handling a rejection, and an unhandled rejection ends the process:
 * a broadcast while Redis is away would take the instance down. The promise is still returned as it was.
 */
function catchPublishFailures(pub: Redis, onError: (err: Error) => void): void {
  const client = pub as unknown as Record<'publish' | 'spublish', (...args: unknown[]) => Promise<unknown>>;
  for (const name of ['publish', 'spublish'] as const) {
    const send = client[name].bind(pub);
    client[name] = (...args) => {
      const sent = send(...args);
      sent.catch(onError);
      return sent;
    };
  }
}
