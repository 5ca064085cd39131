/**
 * The process: reads the configuration, opens the store, serves HTTP and shuts down gracefully on
 * SIGTERM/SIGINT (stop accepting, finish what is in flight, close the store; forced after 10 s).
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from './app';
import { createHttpServer } from './http/http-server';
import { createEventBus } from './events/publisher';
import { scheduleRepair } from './repair/repair-pending';
import { createModels } from './models';
import { createRealtime, type Realtime } from './realtime/io';
import { loadSessionSecret, prepareData } from './startup';
import { loadConfig, type Config } from './config';
import { createLogger, type Logger } from './logger';
import { createRedis, redisReadinessCheck } from './redis';
import { openStore, type Store } from './store';

/** Past this, shutdown gives up on whatever still hangs and exits with 1 (orchestrators kill at ~30 s). */
const SHUTDOWN_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger(config.logLevel);
  let store: Store;
  try {
    store = await openStore(config, logger);
  } catch (err) {
    logger.fatal({ err }, 'cannot open the store');
    process.exit(1);
  }
  logger.info(`store: ${store.description}`);
  // Shared rate limits (and, with the live layer, fan-out) across instances; the server starts and serves
  // even while Redis is away (limits fall back to per instance; /readyz says so).
  const redis = config.redisUrl ? createRedis(config.redisUrl, logger) : undefined;

  // Made here and handed to both the app (its domain publishes on it) and the live layer (attached to it).
  const publisher = createEventBus();
  let built: App;
  try {
    const sessionSecret = await loadSessionSecret(createModels(store.db), config);
    built = createApp({
      config,
      logger,
      db: store.db,
      sessionSecret,
      redis,
      publisher,
      readinessChecks: redis ? [redisReadinessCheck(redis)] : [],
    });
    await prepareData(built.ctx, config);
    // Changes interrupted by a crash get their events: now, every 30 s, and when the store comes back.
    scheduleRepair(built.ctx, (run) => store.db.on('reconnected', run));
  } catch (err) {
    logger.fatal({ err }, 'cannot prepare the data');
    await store.close();
    redis?.disconnect();
    process.exit(1);
  }
  const server = createHttpServer(built.app);
  const realtime = createRealtime({
    httpServer: server,
    ctx: built.ctx,
    publisher,
    config,
    logger,
    metrics: built.metrics.realtime,
    sessionSecret: built.sessionSecret,
    redis,
  });
  try {
    server.listen(config.port);
    await once(server, 'listening');
  } catch (err) {
    logger.fatal({ err, port: config.port }, 'cannot listen');
    await realtime.close();
    await store.close();
    process.exit(1);
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  logger.info({ url, port }, `listening on ${url}`);

  stopOnSignals(server, realtime, { close: async () => (await store.close(), redis?.disconnect()) }, logger);
}

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    // No logger yet (LOG_LEVEL may be the bad variable): stderr, plainly.
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}

/** What shutdown closes last: the store (and the Redis client). */
interface Backing {
  close(): Promise<unknown>;
}

function stopOnSignals(server: http.Server, realtime: Realtime, store: Backing, logger: Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // `npm start` forwards the signal a terminal also delivers: a repeat must not cut the shutdown short.
      logger.info({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    setTimeout(() => {
      logger.error(`shutdown took longer than ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    shutdown(server, realtime, store).then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function shutdown(server: http.Server, realtime: Realtime, store: Backing): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  // server.close() only stops accepting; idle keep-alive sockets would hold it open until they time out.
  // Requests in flight finish first, then their sockets go idle and the next sweep closes them.
  server.closeIdleConnections();
  // Open sockets would hold the server open too: they are told "server shutting down" and closed (their
  // clients reconnect elsewhere and catch up with afterSeq).
  await realtime.close();
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
  }
  await store.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
