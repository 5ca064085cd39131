/**
 * Opens the database: MongoDB at MONGODB_URI, or, when it is unset, the embedded MongoDB-compatible server
 * started in this process on DATA_DIR. Either way the app gets one dedicated mongoose connection.
 */
import { resolve } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import type { Config } from './config';
import { startEmbeddedMongo, type EmbeddedMongo } from './embedded-mongo';
import type { Logger } from './logger';

export const EMBEDDED_DB_NAME = 'discussion';

export interface Store {
  db: Connection;
  /** Where the data lives, for the log: a URI without credentials, or the embedded data directory. */
  description: string;
  /** Closes the connection, then the embedded server if this process runs one. */
  close(): Promise<void>;
}

const CONNECTION_OPTIONS = {
  // A store that is down answers 503 within seconds instead of holding requests open.
  serverSelectionTimeoutMS: 5000,
  // A stalled store (a frozen process keeps its TCP connections open) must not hold connections forever:
  // the driver's defaults are 30 s for a handshake and no limit at all for an answer. No operation of this
  // app takes seconds; the HTTP layer answers 503 sooner anyway (request-deadline.ts).
  connectTimeoutMS: 5000,
  socketTimeoutMS: 10_000,
  // Fail at once when not connected, rather than queueing operations for later.
  bufferCommands: false,
  // Indexes are built once at start-up (ensureIndexes in models.ts), not behind the app's back on first use.
  autoIndex: false,
} satisfies mongoose.ConnectOptions;

/**
 * A real MongoDB (a replica set, docs/deploy.md): a write is acknowledged only once it is journaled on a
 * majority, so no acknowledged comment is rolled back by a failover; reads go to the primary, so a reader
 * never sees a secondary's older state after its own write. The driver's defaults (w: 1 before 4.x servers
 * set majority, reads from the primary) are spelled out rather than left to the server's configuration.
 */
const REPLICA_SET_OPTIONS = {
  writeConcern: { w: 'majority', journal: true },
  readPreference: 'primary',
  // Already the driver's default: a write interrupted by a failover is retried once on the new primary.
  retryWrites: true,
} satisfies mongoose.ConnectOptions;

export async function openStore(config: Pick<Config, 'mongodbUri' | 'dataDir'>, logger: Logger): Promise<Store> {
  let embedded: EmbeddedMongo | undefined;
  let uri = config.mongodbUri;
  let description = uri === undefined ? '' : withoutCredentials(uri);
  if (uri === undefined) {
    const dbPath = config.dataDir === ':memory:' ? ':memory:' : resolve(config.dataDir);
    const log = logger.child({ component: 'embedded-mongo' });
    embedded = await startEmbeddedMongo({ dbPath, log: (level, message) => log[level](message) });
    uri = embedded.uri(EMBEDDED_DB_NAME);
    description = `embedded MongoDB-compatible server on 127.0.0.1:${embedded.port} (${dbPath === ':memory:' ? 'in memory' : `data in ${dbPath}`})`;
  }

  const options = embedded ? CONNECTION_OPTIONS : { ...CONNECTION_OPTIONS, ...REPLICA_SET_OPTIONS };
  const db = mongoose.createConnection(uri, options);
  try {
    await db.asPromise();
  } catch (err) {
    await db.close().catch(() => undefined);
    await embedded?.close();
    throw err;
  }
  return {
    db,
    description,
    async close() {
      try {
        await db.close();
      } finally {
        await embedded?.close();
      }
    },
  };
}

/** The log must never carry a password, even one given in MONGODB_URI. */
export function withoutCredentials(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}
