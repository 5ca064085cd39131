import net from 'node:net';
import { dispatchCommand } from './commands/dispatch';
import type { ServerContext } from './commands/context';
import { Catalog } from './engine/catalog';
import type { WriteBatch } from './engine/collection';
import { CursorStore } from './engine/cursors';
import type { Doc } from './engine/values';
import { sweepExpired } from './engine/ttl';
import type { EmbeddedMongo, EmbeddedMongoOptions } from './index';
import { createStorage } from './storage/create-storage';
import { serveConnection } from './wire/connection';

const CURSOR_REAP_MS = 60_000;

function listen(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the embedded server has no authentication.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/** Recovers the data directory, then serves the MongoDB wire protocol on 127.0.0.1. */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const log = options.log ?? (() => undefined);
  let catalog = new Catalog();
  const storage = createStorage({
    dbPath: options.dbPath ?? ':memory:',
    captureState: () => catalog.captureState(),
    log,
  });
  catalog = Catalog.fromState(await storage.open());

  const server: ServerContext = {
    catalog,
    cursors: new CursorStore(),
    stats: {
      keysExamined: 0,
      docsExamined: 0,
      docsReturned: 0,
      ttlDeleted: 0,
      opcounters: { insert: 0, query: 0, update: 0, delete: 0, getmore: 0, command: 0 },
      connections: { current: 0, totalCreated: 0 },
    },
    params: { ttlMonitorSleepSecs: 60 },
    startedAt: new Date(),
    commit: (batch: WriteBatch) => (batch.length ? storage.append(batch) : Promise.resolve()),
  };

  const sockets = new Set<net.Socket>();
  let nextConnectionId = 1;
  const tcp = net.createServer((socket) => {
    const id = nextConnectionId++;
    sockets.add(socket);
    server.stats.connections.current++;
    server.stats.connections.totalCreated++;
    socket.on('close', () => {
      sockets.delete(socket);
      server.stats.connections.current--;
    });
    const run = (db: string, cmd: Doc, connId: number, at: number) =>
      dispatchCommand(server, db, cmd, connId, (m) => log('error', m), at);
    serveConnection(socket, id, run, (m) => log('warn', m));
  });

  let port: number;
  try {
    port = await listen(tcp, options.port ?? 0);
  } catch (err) {
    await storage.close();
    throw err;
  }

  // The TTL monitor checks once a second whether `ttlMonitorSleepSecs` have passed since its last sweep,
  // so a `setParameter` takes effect at once.
  let lastSweep = Date.now();
  let sweeping = false;
  const ttlTimer = setInterval(() => {
    if (sweeping || Date.now() - lastSweep < server.params.ttlMonitorSleepSecs * 1000) return;
    sweeping = true;
    lastSweep = Date.now();
    const batch: WriteBatch = [];
    server.stats.ttlDeleted += sweepExpired(catalog, lastSweep, batch);
    server
      .commit(batch)
      .catch((err: Error) => log('error', `TTL deletion not journaled: ${err.message}`))
      .finally(() => (sweeping = false));
  }, 1000).unref();
  const reaper = setInterval(() => server.cursors.reap(), CURSOR_REAP_MS).unref();

  let closing: Promise<void> | undefined;
  return {
    port,
    uri: (dbName = '') => `mongodb://127.0.0.1:${port}/${dbName}`,
    close: () =>
      (closing ??= (async () => {
        clearInterval(ttlTimer);
        clearInterval(reaper);
        const closed = new Promise<void>((resolve) => tcp.close(() => resolve()));
        for (const s of sockets) s.destroy();
        await closed;
        server.cursors.clear();
        await storage.close();
      })()),
  };
}
