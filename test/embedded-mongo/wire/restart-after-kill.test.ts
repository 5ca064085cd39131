import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MongoClient } from 'mongodb';
import {
  type CliProcess,
  connectClient,
  insertUntilKilled,
  type Loose,
  spawnCli,
  useTempDir,
} from '../../helpers/embedded';

const tempDir = useTempDir('embedded-mongo-restart-');

interface UnreapedStore {
  shell: CliProcess;
  /** The store's own pid (the shell's child), as it wrote it into mongod.lock. */
  pid: number;
}

/**
 * The store as the child of a shell that reaps it only in `wait`, after its stdin closes (dash, /bin/sh here,
 * reaps nothing while it blocks in `read`): like a supervisor or a container's PID 1 that is slow to reap. Once
 * killed, the store stays a zombie whose pid still answers kill(pid, 0), the case a pid test refused.
 */
async function startUnreaped(dir: string): Promise<UnreapedStore> {
  const script = '"$0" --import tsx server/embedded-mongo/cli.ts --port 0 --dbpath "$1" & read _; wait';
  const shell = await spawnCli('sh', ['-c', script, process.execPath, dir], 20_000, 'pipe');
  const pid = Number(readFileSync(join(dir, 'mongod.lock'), 'utf8'));
  expect(pid).not.toBe(shell.child.pid);
  return { shell, pid };
}

/** Lets the shell reap its store and exit, stopping the store first if it still runs. */
async function reap(store: UnreapedStore, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (store.shell.child.exitCode !== null) return;
  const state = procState(store.pid);
  if (state !== undefined && state !== 'Z') process.kill(store.pid, signal);
  store.shell.child.stdin?.end();
  const stuck = setTimeout(() => store.shell.killGroup('SIGKILL'), 10_000);
  await store.shell.exited;
  clearTimeout(stuck);
}

/** The state letter of a process in /proc (Z: a zombie), or undefined once it is gone. */
function procState(pid: number): string | undefined {
  try {
    return /\) (\w)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

interface Restarted {
  store: UnreapedStore;
  client: MongoClient;
  /** From the kill to the new server's answer to a ping. */
  ms: number;
  /** What the killed store was when the new one answered. */
  oldState: string | undefined;
}

async function restartAt(killedAt: number, old: UnreapedStore, dir: string): Promise<Restarted> {
  const store = await startUnreaped(dir);
  const client = await connectClient(`mongodb://127.0.0.1:${store.shell.port}/`);
  await client.db('admin').command({ ping: 1 });
  return { store, client, ms: performance.now() - killedAt, oldState: procState(old.pid) };
}

describe('restart right after kill -9', () => {
  it('restarts at once, five times in a row, and keeps every acknowledged write', async () => {
    const dir = tempDir();
    const started: UnreapedStore[] = [];
    const clients: MongoClient[] = [];
    const acknowledged: number[] = [];
    const restartMs: number[] = [];
    try {
      let current = await startUnreaped(dir);
      started.push(current);
      // A short selection timeout: writes to the killed server fail at once instead of waiting for it.
      const uri = `mongodb://127.0.0.1:${current.shell.port}/`;
      let client = await connectClient(uri, { serverSelectionTimeoutMS: 1_000 });
      clients.push(client);
      for (let round = 0; round < 5; round++) {
        const old = current;
        let restarting: Promise<Restarted> | undefined;
        const acked = await insertUntilKilled(
          client,
          200,
          () => {
            // The supervisor's way: kill, and start the new server in the same instant, with no wait.
            const killedAt = performance.now();
            process.kill(old.pid, 'SIGKILL');
            restarting = restartAt(killedAt, old, dir);
          },
          round * 100_000,
        );
        acknowledged.push(...acked);
        const next = await restarting!;
        started.push(next.store);
        clients.push(next.client);
        restartMs.push(Math.round(next.ms));
        // The old pid still answered kill(pid, 0) when the new server was up: the pid decided nothing.
        expect(next.oldState).toBe('Z');
        expect(acked.length).toBeGreaterThanOrEqual(200);

        const events = next.client.db('stream').collection<Loose>('events');
        const stored = await events.find({}, { projection: { _id: 1 } }).toArray();
        const present = new Set(stored.map((d) => d._id as number));
        expect(acknowledged.filter((id) => !present.has(id))).toEqual([]);

        await reap(old);
        current = next.store;
        client = next.client;
      }
      console.log(`restart after SIGKILL (kill -> new server answers a ping), ms: ${restartMs.join(', ')}`);
      expect(acknowledged.length).toBeGreaterThanOrEqual(1_000);
    } finally {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
      for (const store of started) await reap(store, 'SIGTERM');
    }
  }, 120_000);
});
