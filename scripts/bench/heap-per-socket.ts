/**
 * Heap per idle reader, by constructor: starts the app (embedded store, private Redis) and the bare
 * baseline, connects N1 then N2 websocket readers joined (batched) to one article, takes a heap snapshot
 * of the server at each N (after full GCs) and prints what the N2 - N1 extra sockets cost, by constructor.
 * Usage: npx tsx scripts/bench/heap-per-socket.ts [--target app|baseline|both] [--n1 500] [--n2 1500]
 *   [--top 40] [--polling-first]; KEEP_SNAPSHOTS=1 keeps the two snapshots (for Chrome DevTools' comparison view).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connectClient, type Socket } from 'socket.io-client';
import { startChildStore } from '../lib/child-store';
import { startRedisServer } from '../lib/redis-server';
import { spawnServer, stopServer } from '../lib/server-process';
import { createArticle, login } from './api-client';
import { forkScript, stopChild } from './fork-script';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const N1 = Number(arg('n1', '500'));
const N2 = Number(arg('n2', '1500'));
const TARGET = arg('target', 'both');
const TOP = Number(arg('top', '40'));
/** As a browser connects: long-polling, then the upgrade to websocket. */
const POLLING_FIRST = process.argv.includes('--polling-first');
const snapDir = mkdtempSync(path.join(os.tmpdir(), 'heap-per-socket-'));
const preload = path.join(__dirname, 'server-preload.cjs');

function openReader(url: string, event: string, articleId: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const transports = POLLING_FIRST ? ['polling', 'websocket'] : ['websocket'];
    const socket = connectClient(url, { transports, reconnection: false, forceNew: true });
    socket.once('connect_error', reject);
    socket.once('connect', () =>
      socket.timeout(60_000).emit(event, { articleId, batch: true }, (err: Error | null, a: { ok: boolean }) => {
        if (err || !a.ok) reject(err ?? new Error(JSON.stringify(a)));
        else resolve(socket);
      }),
    );
  });
}

async function connectUpTo(readers: Socket[], n: number, url: string, event: string, articleId: string) {
  while (readers.length < n) {
    const batch = Math.min(100, n - readers.length);
    readers.push(...(await Promise.all(Array.from({ length: batch }, () => openReader(url, event, articleId)))));
  }
}

/** A full GC, then a heap snapshot and process.memoryUsage() (server-preload.cjs, on SIGUSR2). */
async function snapshot(pid: number, seq: number): Promise<{ file: string; mem: NodeJS.MemoryUsage }> {
  // Let the last joins' work settle (acknowledgements, presence) before the snapshot.
  await new Promise((r) => setTimeout(r, 1500));
  const json = path.join(snapDir, `${pid}.json`);
  rmSync(json, { force: true });
  process.kill(pid, 'SIGUSR2');
  while (!existsSync(json)) await new Promise((r) => setTimeout(r, 200));
  const file = path.join(snapDir, `${pid}-${seq}.heapsnapshot`);
  renameSync(path.join(snapDir, `${pid}.heapsnapshot`), file);
  return { file, mem: JSON.parse(readFileSync(json, 'utf8')) as NodeJS.MemoryUsage };
}

type Groups = Map<string, { count: number; size: number }>;

function groupSnapshot(file: string): Groups {
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const meta = snap.snapshot.meta;
  const fields: string[] = meta.node_fields;
  const types: string[] = meta.node_types[0];
  const width = fields.length;
  const [ti, ni, si] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const nodes: number[] = snap.nodes;
  const strings: string[] = snap.strings;
  const groups: Groups = new Map();
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + ti]!]!;
    let name = strings[nodes[i + ni]!]!;
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') name = '';
    if (type === 'number' || type === 'hidden' || type === 'code') name = name.slice(0, 40);
    const key = `${type}:${name.slice(0, 60)}`;
    const g = groups.get(key) ?? { count: 0, size: 0 };
    g.count += 1;
    g.size += nodes[i + si]!;
    groups.set(key, g);
  }
  return groups;
}

function report(
  label: string,
  a: Groups,
  b: Groups,
  sockets: number,
  memA: NodeJS.MemoryUsage,
  memB: NodeJS.MemoryUsage,
) {
  const rows = [...b.entries()].map(([key, g]) => {
    const before = a.get(key) ?? { count: 0, size: 0 };
    return { key, count: (g.count - before.count) / sockets, bytes: (g.size - before.size) / sockets };
  });
  rows.sort((x, y) => y.bytes - x.bytes);
  const total = rows.reduce((s, r) => s + r.bytes, 0);
  const per = (k: 'heapUsed' | 'external' | 'arrayBuffers') => ((memB[k] - memA[k]) / sockets).toFixed(0);
  console.log(
    `\n== ${label}: per socket (delta ${sockets}): snapshot self sizes ${total.toFixed(0)} B; ` +
      `heapUsed ${per('heapUsed')} B, external ${per('external')} B, arrayBuffers ${per('arrayBuffers')} B`,
  );
  for (const r of rows.slice(0, TOP))
    console.log(`${r.bytes.toFixed(1).padStart(8)} B ${r.count.toFixed(2).padStart(6)}  ${r.key}`);
}

async function measure(label: string, url: string, pid: number, event: string, articleId: string) {
  const readers: Socket[] = [];
  await connectUpTo(readers, N1, url, event, articleId);
  const s1 = await snapshot(pid, 1);
  await connectUpTo(readers, N2, url, event, articleId);
  const s2 = await snapshot(pid, 2);
  report(label, groupSnapshot(s1.file), groupSnapshot(s2.file), N2 - N1, s1.mem, s2.mem);
  readers.forEach((s) => s.close());
}

async function main() {
  const redis = await startRedisServer();
  const dbPath = mkdtempSync(path.join(os.tmpdir(), 'heap-store-'));
  const store = await startChildStore({ dbPath });
  const env = {
    NODE_OPTIONS: `--require ${JSON.stringify(preload)}`,
    BENCH_MEMORY_DIR: snapDir,
    BENCH_HEAP_SNAPSHOT: '1',
  };
  const children: (() => Promise<void>)[] = [];
  try {
    if (TARGET !== 'baseline') {
      const admin = { username: 'heap_admin', password: 'heap-admin-password-1' };
      const server = await spawnServer(store.uri('heap'), 120_000, {
        REDIS_URL: redis.url,
        SOCKETS_PER_ADDRESS: '1000000',
        ADMIN_USERNAME: admin.username,
        ADMIN_PASSWORD: admin.password,
        ...env,
      });
      children.push(() => stopServer(server));
      const token = await login(server.url, admin.username, admin.password);
      const articleId = await createArticle(server.url, token, 'heap per socket');
      await measure('app', server.url, server.child.pid!, 'article:join', articleId);
    }
    if (TARGET !== 'app') {
      const child: ChildProcess = forkScript('baseline-server.ts', { REDIS_URL: redis.url, ...env });
      children.push(() => stopChild(child));
      const port = await new Promise<number>((r) => child.once('message', (m: { port: number }) => r(m.port)));
      await measure('baseline', `http://127.0.0.1:${port}`, child.pid!, 'join', 'a1');
    }
  } finally {
    for (const stop of children) await stop();
    await store.stop();
    await redis.stop();
    rmSync(dbPath, { recursive: true, force: true });
    if (process.env.KEEP_SNAPSHOTS) console.log(`snapshots kept in ${snapDir}`);
    else rmSync(snapDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
