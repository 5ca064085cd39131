/**
 * The live layer: Socket.IO on the app's HTTP server (default namespace, path /socket.io, websocket and
 * long-polling). It attaches its broadcaster (events, reaction counts) and its revocation to the instance's
 * publisher, the one the app context publishes on; the use-cases stay unaware of sockets.
 */
import type { Server as HttpServer } from 'node:http';
import type Redis from 'ioredis';
import { Server } from 'socket.io';
import type { Config } from '../config';
import type { AppContext } from '../app-context';
import type { EventBus } from '../events/publisher';
import type { Logger } from '../logger';
import type { RealtimeCounters } from '../metrics';
import { createBroadcaster } from './broadcaster';
import { joinCluster, type Cluster } from './cluster';
import type { RealtimeContext } from './context';
import { authenticateHandshake, originGate } from './handshake-auth';
import { createPresence } from './presence';
import { createRevocation } from './revocation';
import { capSessionsPerAddress } from './address-cap';
import { articleOfRoom, userRoom } from './rooms';
import { announceStoredSeqs } from './stored-seqs';
import { createSharedPresence } from './shared-presence';
import { cutSlowClients } from './slow-clients';
import { createSocketGate } from './socket-gate';
import { leanConnection } from './lean-connection';
import { socketEvents } from './socket-events';
import { textOnlyParser } from './text-only-parser';
import type { RealtimeServer } from './types';

/** A message over this closes its socket (and only that one). */
export const MAX_MESSAGE_BYTES = 1e6;
/** How long close() lets the sockets' last packets go out before cutting what is left. */
const CLOSE_DRAIN_MS = 1000;

export interface RealtimeDeps {
  httpServer: HttpServer;
  ctx: AppContext;
  /** The publisher the app context was built with (createApp's `publisher`). */
  publisher: EventBus;
  config: Pick<Config, 'corsOrigins' | 'trustProxy' | 'rateLimits' | 'socketsPerAddress'> &
    Partial<Pick<Config, 'redisAdapter' | 'publicUrl'>>;
  logger: Logger;
  /** The app's live-layer metrics (`app.metrics.realtime`). */
  metrics: RealtimeCounters;
  /** The secret the session cookie is signed with (createApp answers it). */
  sessionSecret: string;
  /**
   * With REDIS_URL: rooms span every instance (the Redis adapter on duplicates of this client), logouts and
   * bans reach the sockets on every instance, and presence counts the readers of all of them.
   */
  redis?: Redis;
  /** How often an article's sockets get presence when nothing changes (presence.ts HEARTBEAT_MS by default). */
  presenceHeartbeatMs?: number;
}

export interface Realtime {
  io: RealtimeServer;
  close(): Promise<void>;
}

export function createRealtime(deps: RealtimeDeps): Realtime {
  const { ctx, logger } = deps;
  const sessions = capSessionsPerAddress(deps.config);
  const io: RealtimeServer = new Server(deps.httpServer, {
    path: '/socket.io',
    transports: ['polling', 'websocket'],
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    parser: textOnlyParser,
    allowRequest: sessions.gate(originGate(deps.config)),
    // Cross-site pages connect with a Bearer token; CORS for polling follows the same list as the routes.
    cors: { origin: deps.config.corsOrigins, credentials: true },
  });

  sessions.track(io);
  const cluster: Cluster | undefined = deps.redis
    ? joinCluster(io, deps.redis, deps.config.redisAdapter ?? 'classic', logger)
    : undefined;
  const broadcaster = createBroadcaster({ io, ctx, logger, metrics: deps.metrics, clustered: !!cluster });
  deps.metrics.observeSockets(() => socketCounts(io));
  const presence = createPresence({
    io,
    broadcaster,
    shared: deps.redis ? createSharedPresence(deps.redis) : undefined,
    heartbeatMs: deps.presenceHeartbeatMs,
  });
  // Back on Redis after a loss: readers here may have missed events from the other instances meanwhile.
  cluster?.onResubscribed(() => {
    announceStoredSeqs({ io, eventLog: ctx.eventLog, presence }).catch((err: unknown) => {
      logger.warn({ err }, 'could not tell readers the stored lastSeq after Redis came back');
    });
  });
  const revocation = createRevocation();
  const slowClients = cutSlowClients({ io, logger });
  const detach = deps.publisher.attach({
    event: (event, comment) => broadcaster.broadcastArticleEvent(event, comment),
    reactions: (change) => broadcaster.broadcastReactions(change),
    moderation: (notice) => broadcaster.broadcastModeration(notice),
    notification: (news) => broadcaster.broadcastNotification(news),
    sessionsRevoked: (info) => {
      revocation.revoke(info);
      if (!cluster) return;
      // The other instances end their own sockets of the session or user (serverSideEmit skips this one).
      try {
        io.serverSideEmit('revoke', info);
      } catch (err) {
        logger.warn({ err, userId: info.userId }, 'could not tell the other instances about ended sessions');
      }
    },
  });
  io.on('revoke', (info) => revocation.revoke(info));

  const gate = createSocketGate(deps.config);
  const live: RealtimeContext = { ctx, logger, presence, metrics: deps.metrics, gate };
  const listen = socketEvents(live);
  io.use(authenticateHandshake(ctx, deps.sessionSecret));
  io.on('connection', (socket) => {
    leanConnection(socket);
    revocation.track(socket);
    if (socket.data.actor) void socket.join(userRoom(String(socket.data.actor.id)));
    listen(socket);
  });

  return {
    io,
    async close() {
      // From now on what the app context publishes goes nowhere.
      detach();
      presence.close();
      broadcaster.close();
      slowClients.close();
      // Not io.close(): that would also close the HTTP server, which index.ts closes itself (after the
      // requests in flight), and tests may keep.
      // Only this instance's sockets: without `local` the Redis adapter would end those of every instance.
      io.local.disconnectSockets(true);
      // Each is told 'io server disconnect' before its connection closes; engine.close() below would discard
      // that packet if it still waited in a buffer, leaving the client to guess from a bare 'transport close'.
      await packetsSent(io, CLOSE_DRAIN_MS);
      // The Redis adapter unsubscribes on close: while Redis is away that must not hold up the shutdown.
      await Promise.race([io.of('/').adapter.close(), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      await cluster?.close();
      io.engine.close();
    },
  };
}

/**
 * Resolves once no connection holds packets back (they went to the websocket, or to a pending long-poll),
 * or after `ms`. The buffers are public in engine.io's JS but private in its types.
 */
async function packetsSent(io: RealtimeServer, ms: number): Promise<void> {
  const clients = () =>
    Object.values((io.engine as unknown as { clients: Record<string, { writeBuffer?: unknown[] }> }).clients);
  const deadline = Date.now() + ms;
  while (clients().some((conn) => (conn.writeBuffer?.length ?? 0) > 0) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Read at each scrape of /metrics (not kept up to date on every join and leave). */
function socketCounts(io: RealtimeServer): { connected: number; joinedRooms: number } {
  let joinedRooms = 0;
  for (const room of io.of('/').adapter.rooms.keys()) if (articleOfRoom(room) !== undefined) joinedRooms += 1;
  return { connected: io.of('/').sockets.size, joinedRooms };
}
