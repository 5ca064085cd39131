/**
 * Starts the embedded MongoDB server for tests that talk to it over the wire, the way the app does: an
 * in-process server with a connected driver or mongoose connection, or the standalone CLI as a child
 * process. Every start has a matching close; tests call it in afterAll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient, type Db, type Document, type Long, type MongoClientOptions, type ObjectId } from 'mongodb';
import mongoose from 'mongoose';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../server/embedded-mongo';
import { until } from './wait';

/**
 * A document of any shape with an `_id` of one of the types the tests use: the driver's default typing
 * would insist on ObjectId ids.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = { _id?: string | number | ObjectId | Long | Date | Document; [field: string]: any };

export const repoRoot = resolve(__dirname, '../..');

export interface EmbeddedHandle {
  server: EmbeddedMongo;
  client: MongoClient;
  /** The database named by `dbName` (default 'test'). */
  db: Db;
  /** Closes the client, then the server. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** ':memory:' (the default) or a data directory. */
  dbPath?: string;
  dbName?: string;
  clientOptions?: MongoClientOptions;
}

/** A server on an ephemeral port with one connected client. */
export async function startEmbedded(options: StartOptions = {}): Promise<EmbeddedHandle> {
  const server = await startEmbeddedMongo({ dbPath: options.dbPath ?? ':memory:' });
  let client: MongoClient;
  try {
    client = await connectClient(server.uri(), options.clientOptions);
  } catch (err) {
    await server.close();
    throw err;
  }
  return {
    server,
    client,
    db: client.db(options.dbName ?? 'test'),
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

/** A connected driver client; short timeouts so that a dead server fails a test quickly instead of hanging it. */
export function connectClient(uri: string, options: MongoClientOptions = {}): Promise<MongoClient> {
  return new MongoClient(uri, { serverSelectionTimeoutMS: 5_000, connectTimeoutMS: 5_000, ...options }).connect();
}

/** Registers beforeAll/afterAll for one server shared by the tests of a file. */
export function useEmbedded(options: StartOptions = {}): () => EmbeddedHandle {
  let handle: EmbeddedHandle | undefined;
  beforeAll(async () => {
    handle = await startEmbedded(options);
  });
  afterAll(() => handle?.close());
  return () => {
    if (!handle) throw new Error('the embedded server did not start');
    return handle;
  };
}

/** A mongoose connection of its own (never the global one), so that tests do not share model state. */
export function connectMongoose(server: EmbeddedMongo, dbName: string): Promise<mongoose.Connection> {
  return mongoose.createConnection(server.uri(dbName), { serverSelectionTimeoutMS: 5_000 }).asPromise();
}

/** A fresh directory per test, removed after it. */
export function useTempDir(prefix = 'embedded-mongo-wire-'): () => string {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

export { freePort } from '../../scripts/lib/free-port';

export interface CliProcess {
  child: ChildProcess;
  port: number;
  /** Resolves when the spawned process (the leader of its own process group) has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
  /** Sends a signal to the whole process group, as a terminal or a service manager does. */
  killGroup(signal: NodeJS.Signals): void;
  /** Resolves once no process of the group is left, e.g. a server that npm started as a grandchild. */
  groupGone(timeoutMs?: number): Promise<void>;
}

const LISTENING = /embedded-mongo listening on 127\.0\.0\.1:(\d+)/;

function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Spawns the standalone server (directly, or through a wrapper such as npm) in a process group of its own
 * and resolves once it prints the port it listens on. `stdin: 'pipe'` leaves `child.stdin` open for the test.
 */
export function spawnCli(
  command: string,
  args: string[],
  timeoutMs = 20_000,
  stdin: 'ignore' | 'pipe' = 'ignore',
): Promise<CliProcess> {
  const child = spawn(command, args, { cwd: repoRoot, detached: true, stdio: [stdin, 'pipe', 'pipe'] });
  const pgid = child.pid ?? 0;
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  const killGroup = (signal: NodeJS.Signals) => {
    if (groupExists(pgid)) process.kill(-pgid, signal);
  };
  const groupGone = async (waitMs = 10_000) => {
    await until(`process group ${pgid} to end`, () => !groupExists(pgid), { timeoutMs: waitMs });
  };
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      killGroup('SIGKILL');
      fail(new Error(`the CLI did not report its port within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = LISTENING.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      done({ child, port: Number(match[1]), exited, stderr: () => stderr, killGroup, groupGone });
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new Error(`the CLI exited (${code ?? signal}) before listening; stderr: ${stderr}`));
    });
  });
}

/**
 * `node --import tsx server/embedded-mongo/cli.ts ...args`: the server as a single process (the tsx binary
 * would start it as a child of its own), so that a signal reaches it and its exit code is observable.
 */
export function spawnServerCli(args: string[]): Promise<CliProcess> {
  return spawnCli(process.execPath, ['--import', 'tsx', 'server/embedded-mongo/cli.ts', ...args]);
}

/**
 * Inserts `{ _id, body }` into stream.events from 8 concurrent writers, ids counting up from `firstId`, and
 * calls `kill` once `count` inserts are acknowledged, while writes are still in flight; resolves, once every
 * writer has met the dead server, to the ids that were acknowledged.
 */
export async function insertUntilKilled(
  client: MongoClient,
  count: number,
  kill: () => void,
  firstId = 0,
): Promise<number[]> {
  const events = client.db('stream').collection<Loose>('events');
  const acknowledged: number[] = [];
  let next = firstId;
  let killed = false;
  const writer = async () => {
    while (!killed) {
      const id = next++;
      try {
        await events.insertOne({ _id: id, body: 'z'.repeat(200) });
      } catch {
        return; // the server is gone
      }
      acknowledged.push(id);
      if (acknowledged.length >= count && !killed) {
        killed = true;
        kill();
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, writer));
  return acknowledged;
}
