import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MongoClient } from 'mongodb';
import { type CliProcess, connectClient, type Loose, spawnServerCli, useTempDir } from '../../helpers/embedded';

const tempDir = useTempDir('embedded-mongo-lock-');
const lockPath = (): string => join(tempDir(), 'mongod.lock');
const startStore = (): Promise<CliProcess> => spawnServerCli(['--port', '0', '--dbpath', tempDir()]);

/** True while a process with this pid exists, as far as kill(pid, 0) can tell (the old lock's test). */
function answersKill(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `use` with a client of the store, closing the client after it. */
async function withClient<T>(store: CliProcess, use: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = await connectClient(`mongodb://127.0.0.1:${store.port}/`);
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

const notes = (client: MongoClient) => client.db('app').collection<Loose>('notes');
const noteIds = async (store: CliProcess): Promise<unknown[]> =>
  withClient(store, async (client) => (await notes(client).find().sort({ _id: 1 }).toArray()).map((d) => d._id));

async function stop(store: CliProcess, signal: NodeJS.Signals): Promise<void> {
  store.killGroup(signal);
  await store.groupGone();
}

describe('data directory lock between processes', () => {
  it('takes over a lock file naming a live process that holds no lock: pid 1, or an unrelated process', async () => {
    const seed = await startStore();
    await withClient(seed, (client) => notes(client).insertOne({ _id: 0 }));
    await stop(seed, 'SIGTERM');

    const sleeper: ChildProcess = spawn('sleep', ['600'], { stdio: 'ignore' });
    try {
      for (const [i, owner] of [1, sleeper.pid!].entries()) {
        writeFileSync(lockPath(), `${owner}\n`);
        expect(answersKill(owner)).toBe(true);
        const store = await startStore();
        try {
          expect(readFileSync(lockPath(), 'utf8')).toBe(`${store.child.pid}\n`);
          await withClient(store, (client) => notes(client).insertOne({ _id: i + 1 }));
          expect(await noteIds(store)).toEqual(Array.from({ length: i + 2 }, (_, n) => n));
        } finally {
          await stop(store, 'SIGTERM');
        }
        expect(store.stderr()).toContain(`taking over the lock on ${tempDir()} left by process ${owner}`);
      }
    } finally {
      sleeper.kill('SIGKILL');
    }
  }, 60_000);

  it('refuses a second live server on the same directory, naming the one that holds it', async () => {
    const first = await startStore();
    try {
      await withClient(first, (client) => notes(client).insertOne({ _id: 1 }));
      await expect(startStore()).rejects.toThrow(
        `the data directory ${tempDir()} is in use by process ${first.child.pid} (it holds the lock on ${lockPath()})`,
      );
      // The first server is unharmed by the attempt, and still holds the directory.
      await withClient(first, (client) => notes(client).insertOne({ _id: 2 }));
      expect(await noteIds(first)).toEqual([1, 2]);
      expect(readFileSync(lockPath(), 'utf8')).toBe(`${first.child.pid}\n`);
    } finally {
      await stop(first, 'SIGTERM');
    }
  }, 60_000);

  it('lets exactly one of two servers started at the same instant take over a stale lock, four times', async () => {
    let holder = await startStore();
    const written: number[] = [];
    try {
      for (let round = 0; round < 4; round++) {
        await withClient(holder, (client) => notes(client).insertOne({ _id: round }));
        written.push(round);
        await stop(holder, 'SIGKILL'); // leaves mongod.lock behind, naming a dead process
        const results = await Promise.allSettled([startStore(), startStore()]);
        const winners = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        const refusals = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
        expect({ winners: winners.length, refusals: refusals.length }).toEqual({ winners: 1, refusals: 1 });
        holder = winners[0]!;
        expect(refusals[0]).toMatch(/the data directory .* is in use by (process \d+|another process)/);
        expect(readFileSync(lockPath(), 'utf8')).toBe(`${holder.child.pid}\n`);
        expect(await noteIds(holder)).toEqual(written);
      }
    } finally {
      await stop(holder, 'SIGTERM');
    }
  }, 120_000);
});
