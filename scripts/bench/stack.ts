/**
 * Everything the bench runs against, started by it and stopped by it: a private redis-server, one
 * standalone embedded store on a temporary data directory (durable, like production), two app instances
 * and two bare baseline servers on that Redis, and one load process per instance.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startChildStore } from '../lib/child-store';
import { startRedisServer } from '../lib/redis-server';
import { spawnServer, stopServer } from '../lib/server-process';
import { forkScript, stopChild } from './fork-script';
import { startLoadProcess, type LoadProcess } from './load-pool';
import type { Target } from './protocol';
import type { Stoppers } from './stoppers';

export const INSTANCES = 2;
const START_TIMEOUT_MS = 120_000;

export interface Instance {
  url: string;
  pid: number;
}

export interface Stack {
  storeUri: string;
  /** Where each server writes `process.memoryUsage()` after the GC of SIGUSR2 (rss.ts reads it). */
  memoryDir: string;
  /** The embedded store's process: its CPU is the app's too. */
  storePid: number;
  app: Instance[];
  baseline: Instance[];
  /** load[i] drives the readers of instance i (of whichever target is measured). */
  load: LoadProcess[];
  admin: { username: string; password: string };
}

/** Where the measured servers write their memory after a GC (server-preload.cjs), one file per process. */
const memoryDir = mkdtempSync(path.join(os.tmpdir(), 'bench-memory-'));

/** The preload every measured server gets (GC on SIGUSR2; with a directory, a CPU profile written there). */
function serverEnv(cpuProfileDir: string | undefined, role: string): Record<string, string> {
  const preload = {
    NODE_OPTIONS: `--require ${JSON.stringify(path.join(__dirname, 'server-preload.cjs'))}`,
    BENCH_MEMORY_DIR: memoryDir,
  };
  return cpuProfileDir ? { ...preload, BENCH_CPU_PROFILE_DIR: cpuProfileDir, BENCH_ROLE: role } : preload;
}

/** startChildStore passes this process's environment on: profiling reaches the store through it. */
async function withEnv<T>(vars: Record<string, string>, start: () => Promise<T>): Promise<T> {
  const saved = Object.keys(vars).map((k) => [k, process.env[k]] as const);
  Object.assign(process.env, vars);
  try {
    return await start();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function startBaseline(
  redisUrl: string,
  cpuProfileDir: string | undefined,
): Promise<{ child: ChildProcess; instance: Instance }> {
  const child = forkScript('baseline-server.ts', { REDIS_URL: redisUrl, ...serverEnv(cpuProfileDir, 'baseline') });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { port: number }) =>
      resolve({ child, instance: { url: `http://127.0.0.1:${m.port}`, pid: child.pid! } }),
    );
    child.once('exit', (code) => reject(new Error(`baseline server exited with ${code} before listening`)));
  });
}

/**
 * Each piece is registered with `stoppers` as soon as it runs, so an error or a Ctrl-C half-way stops
 * what was started.
 */
export async function startStack(
  cpuProfileDir: string | undefined,
  stoppers: Stoppers,
  log: (line: string) => void,
): Promise<Stack> {
  stoppers.add(async () => rmSync(memoryDir, { recursive: true, force: true }));
  const redis = await startRedisServer();
  stoppers.add(() => redis.stop());
  const dbPath = mkdtempSync(path.join(os.tmpdir(), 'bench-store-'));
  stoppers.add(async () => rmSync(dbPath, { recursive: true, force: true }));
  // The store only when profiling: it is not measured, and RSS is not read from it.
  const store = await withEnv(cpuProfileDir ? serverEnv(cpuProfileDir, 'store') : {}, () =>
    startChildStore({ dbPath }),
  );
  stoppers.add(() => store.stop());
  const storeUri = store.uri('bench');
  log(`redis-server on port ${redis.port}, embedded store on port ${store.port} (durable, temporary directory)`);

  // A bench account, not a secret: a fresh random password each run.
  const admin = { username: 'bench_admin', password: randomBytes(12).toString('hex') };
  // LOG_LEVEL info, not warn: the start-up line is how spawnServer learns the port, and the server logs
  // nothing per request or per event at info.
  // Every reader connects from 127.0.0.1: the per-address socket cap must not count them.
  const env: Record<string, string> = {
    REDIS_URL: redis.url,
    RATE_LIMITS: 'off',
    SOCKETS_PER_ADDRESS: '1000000',
    LOG_LEVEL: 'info',
    ADMIN_USERNAME: admin.username,
    ADMIN_PASSWORD: admin.password,
    ...serverEnv(cpuProfileDir, 'app'),
  };
  const app: Instance[] = [];
  // One after the other: the first prepares the data (indexes, admin), the next finds it ready.
  for (let i = 0; i < INSTANCES; i++) {
    const server = await spawnServer(storeUri, START_TIMEOUT_MS, env);
    stoppers.add(() => stopServer(server));
    app.push({ url: server.url, pid: server.child.pid! });
  }
  const baseline: Instance[] = [];
  for (let i = 0; i < INSTANCES; i++) {
    const { child, instance } = await startBaseline(redis.url, cpuProfileDir);
    stoppers.add(() => stopChild(child));
    baseline.push(instance);
  }
  const load = Array.from({ length: INSTANCES }, () => {
    const l = startLoadProcess();
    stoppers.add(() => l.stop());
    return l;
  });
  log(`app on ${app.map((a) => a.url).join(', ')}; baseline on ${baseline.map((b) => b.url).join(', ')}`);
  return { storeUri, memoryDir, storePid: store.process.pid!, app, baseline, load, admin };
}

export const instancesOf = (stack: Stack, target: Target): Instance[] =>
  target === 'app' ? stack.app : stack.baseline;
