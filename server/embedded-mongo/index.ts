/**
 * The embedded MongoDB-wire-compatible server: a library that imports nothing from the app.
 * See docs/embedded-mongo.md for what it supports, what it refuses and how it keeps data.
 */
export interface EmbeddedMongoOptions {
  /** TCP port on 127.0.0.1; 0 (the default) takes an ephemeral port. */
  port?: number;
  /** Directory for the journal and snapshots, or ':memory:' (the default) to keep nothing. */
  dbPath?: string;
  /** Where the server's own messages go; silent when absent. */
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface EmbeddedMongo {
  readonly port: number;
  /** `mongodb://127.0.0.1:<port>/<dbName>` */
  uri(dbName?: string): string;
  /** Stops listening, closes every connection, flushes and releases the data directory. */
  close(): Promise<void>;
}

export { startEmbeddedMongo } from './server';
