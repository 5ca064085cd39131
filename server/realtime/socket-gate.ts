/**
 * What one socket, and one address, may ask of this instance (issue 14). Two kinds of bound:
 * - always (they protect the process, whatever RATE_LIMITS says): at most RUNNING acknowledged events of a
 *   socket are worked on at once and WAITING more wait their turn in arrival order; anything beyond is
 *   refused at once (`rate_limited`), so one socket cannot queue unbounded work; and a socket sending
 *   packets far faster than any client does is disconnected;
 * - with RATE_LIMITS=on: token buckets per socket and per address for `article:join`, `articles:watch` and
 *   `typing` (posts are limited per user and per address in the use-case, where a clientId retry is
 *   answered before any limit). They live in this instance's memory: a socket stays on one instance.
 */
import { errors } from '../../shared/errors';
import type { Config } from '../config';
import { addressKey, clientAddress } from '../lib/client-address';
import { createTokenBuckets, type BucketPolicy, type TokenBuckets } from '../limits/token-buckets';
import type { RealtimeSocket } from './types';

/** Acknowledged events of one socket worked on at once, and waiting beyond those. */
export const RUNNING_PER_SOCKET = 8;
export const WAITING_PER_SOCKET = 24;

export type LimitedEvent = 'article:join' | 'articles:watch' | 'typing';

/**
 * A page joins one article (again on each reconnect, which is a new socket), the home page sends its watch
 * list when it changes, the composer sends `typing` at most every 2 s: these allow several times that, and
 * an address (a household, an office behind NAT) many such readers.
 */
export const EVENT_POLICIES: Record<LimitedEvent, { socket: BucketPolicy; address: BucketPolicy }> = {
  'article:join': { socket: { burst: 10, perSecond: 1 }, address: { burst: 100, perSecond: 20 } },
  'articles:watch': { socket: { burst: 10, perSecond: 1 }, address: { burst: 100, perSecond: 20 } },
  typing: { socket: { burst: 5, perSecond: 1 }, address: { burst: 100, perSecond: 20 } },
};

/**
 * Packets of any kind one socket may send: far above any client's (a reader sends a join, a writer a post
 * at a time, the load benchmark's writer a few hundred in a burst), far below a flood's. A socket past it
 * is disconnected, which is the only cheap answer: its packets still in flight are then dropped unread.
 */
export const PACKETS_PER_SOCKET: BucketPolicy = { burst: 1000, perSecond: 200 };

/** A socket's turn-taking, kept only while it has work running: an idle socket has none. */
interface SocketState {
  running: number;
  waiting: (() => void)[];
}

export interface SocketGate {
  /** Throws `rate_limited` when the socket's or its address's bucket for `event` is empty. */
  admit(socket: RealtimeSocket, event: LimitedEvent): void;
  /** `admit` for events without an acknowledgement: false means drop it. */
  allows(socket: RealtimeSocket, event: LimitedEvent): boolean;
  /** Counts one packet of the socket; false once it sends more than PACKETS_PER_SOCKET allows. */
  packet(socket: RealtimeSocket): boolean;
  /** The socket's client address, as per-address limits key it (TRUST_PROXY honoured). */
  addressOf(socket: RealtimeSocket): string;
  /** Runs `work` in the socket's turn; throws `rate_limited` at once when too much already waits. */
  schedule<T>(socket: RealtimeSocket, work: () => Promise<T>): Promise<T>;
}

export function createSocketGate(config: Pick<Config, 'trustProxy' | 'rateLimits'>): SocketGate {
  const states = new WeakMap<RealtimeSocket, SocketState>();
  const buckets = (of: 'socket' | 'address') => {
    const entries = Object.entries(EVENT_POLICIES).map(
      ([event, p]) => [event as LimitedEvent, createTokenBuckets(p[of])] as const,
    );
    return new Map<LimitedEvent, TokenBuckets>(entries);
  };
  const perSocket = buckets('socket');
  const packets = createTokenBuckets(PACKETS_PER_SOCKET);
  const perAddress = buckets('address');

  // From the handshake's copy: the request itself is let go after the handshake (io.ts). Worked out when
  // asked rather than kept per socket, which an idle reader would pay for.
  const addressOf = (socket: RealtimeSocket): string => {
    const { address: remoteAddress, headers } = socket.handshake;
    return addressKey(clientAddress({ socket: { remoteAddress }, headers }, config.trustProxy));
  };

  /** 0 when both buckets had a token, else the seconds to wait. */
  const wait = (socket: RealtimeSocket, event: LimitedEvent): number => {
    if (!config.rateLimits) return 0;
    return perSocket.get(event)!.take(socket.id) || perAddress.get(event)!.take(addressOf(socket));
  };

  return {
    admit(socket, event) {
      const seconds = wait(socket, event);
      if (seconds > 0) throw errors.rateLimited(seconds, 'Too many requests from this connection; wait a moment.');
    },
    allows: (socket, event) => wait(socket, event) === 0,
    addressOf,
    packet: (socket) => packets.take(socket.id) === 0,
    async schedule(socket, work) {
      const s = states.get(socket) ?? { running: 0, waiting: [] };
      states.set(socket, s);
      if (s.running >= RUNNING_PER_SOCKET) {
        if (s.waiting.length >= WAITING_PER_SOCKET) {
          throw errors.rateLimited(1, 'Too many requests at once on this connection; wait for the answers.');
        }
        // The place is handed over by the request that finishes (below), so `running` stays as it is.
        await new Promise<void>((resolve) => s.waiting.push(resolve));
      } else {
        s.running += 1;
      }
      try {
        return await work();
      } finally {
        const next = s.waiting.shift();
        if (next) next();
        else if (--s.running === 0) states.delete(socket);
      }
    },
  };
}
