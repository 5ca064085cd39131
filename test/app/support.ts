/** Shared set-up for the app tests: a config from a literal environment, a quiet logger, a dead store. */
import mongoose, { type Connection } from 'mongoose';
import pino from 'pino';
import { createApp, type App, type AppDeps } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import type { Logger } from '../../server/logger';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ DATA_DIR: ':memory:', ...env });
}

export const quietLogger: Logger = pino({ level: 'silent' });

/**
 * A mongoose connection to a port where nothing listens, configured like the real one (no buffering), so
 * every operation fails the way it does when MongoDB is down.
 */
export async function unreachableDb(): Promise<Connection> {
  const db = mongoose.createConnection('mongodb://127.0.0.1:1/unreachable', {
    serverSelectionTimeoutMS: 200,
    bufferCommands: false,
  });
  await db.asPromise().catch(() => undefined);
  return db;
}

export function appWith(db: Connection, env: Record<string, string> = {}, extra: Partial<AppDeps> = {}): App {
  return createApp({ config: testConfig(env), logger: quietLogger, db, ...extra });
}
