/**
 * `npm run bench:store`: the embedded store's speed through mongoose, with the store in its own process
 * and a real data directory (every insert is fsynced before it is acknowledged).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startChildStore } from './lib/child-store';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
/** Load processes; mongoose's own work per operation would otherwise cap what one client can measure. */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 2);

/** Runs `writers` concurrent loops of one operation, split over CLIENTS processes; operations per second. */
async function acrossProcesses(uri: string, mode: 'insert' | 'find', writers: number): Promise<number> {
  const clients = Math.min(CLIENTS, writers);
  const workers = Array.from({ length: clients }, (_, i) =>
    spawn(
      path.join('node_modules', '.bin', 'tsx'),
      [
        path.join('scripts', 'bench-store-worker.ts'),
        uri,
        mode,
        String(Math.ceil(writers / clients)),
        String(SECONDS),
        String(i),
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    ),
  );
  const lines = workers.map((w) => {
    let out = '';
    return {
      ready: new Promise<void>((resolve) =>
        w.stdout.on('data', (d: Buffer) => (out += d.toString()).includes('ready') && resolve()),
      ),
      count: new Promise<number>((resolve, reject) =>
        w.on('exit', (code) =>
          code === 0
            ? resolve(Number(/count (\d+)/.exec(out)?.[1] ?? NaN))
            : reject(new Error(`bench worker exited with ${code}`)),
        ),
      ),
    };
  });
  await Promise.all(lines.map((l) => l.ready));
  for (const w of workers) w.stdin.end('go\n');
  // Each worker stops issuing operations SECONDS after "go".
  const counts = await Promise.all(lines.map((l) => l.count));
  return Math.round(counts.reduce((a, b) => a + b, 0) / SECONDS);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-store-'));
  const store = await startChildStore({ dbPath: dir });
  const conn = await mongoose.createConnection(store.uri('bench'), { maxPoolSize: 40 }).asPromise();
  const Item = conn.model(
    'Item',
    new mongoose.Schema({ k: { type: Number, index: true }, worker: Number, body: String, at: Date }),
  );
  await Item.init();
  const body = 'x'.repeat(200);
  const results: Record<string, number | string> = {};

  const progress = (s: string) => process.stderr.write(`${s}\n`);
  progress(`durable inserts, 1 writer, ${SECONDS}s ...`);
  results['inserts/s, 1 writer'] = await acrossProcesses(store.uri('bench'), 'insert', 1);
  progress(`durable inserts, 32 writers, ${SECONDS}s ...`);
  results['inserts/s, 32 writers'] = await acrossProcesses(store.uri('bench'), 'insert', 32);

  progress('loading 100,000 documents ...');
  await Item.deleteMany({});
  for (let base = 0; base < 100_000; base += 1000) {
    await Item.insertMany(
      Array.from({ length: 1000 }, (_, j) => ({ k: base + j, worker: 0, body, at: new Date() })),
      { lean: true },
    );
  }
  progress(`indexed point finds, 32 readers, ${SECONDS}s ...`);
  results['point finds/s (indexed, 32 readers)'] = await acrossProcesses(store.uri('bench'), 'find', 32);

  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const from = (i * 4999) % 99_000;
    const t = performance.now();
    const docs = await Item.find({ k: { $gte: from, $lt: from + 100 } }).lean();
    times.push(performance.now() - t);
    if (docs.length !== 100) throw new Error(`range query returned ${docs.length} documents, expected 100`);
  }
  times.sort((a, b) => a - b);
  results['range query of 100 docs in 100k, median ms'] = Number(times[10]!.toFixed(2));

  await conn.close();
  await store.stop();
  rmSync(dir, { recursive: true, force: true });

  const when = new Date().toISOString();
  const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`\nEmbedded store through mongoose (${when}, ${machine})\n`);
  console.log('| figure | value |\n| --- | --- |');
  for (const [k, v] of Object.entries(results)) console.log(`| ${k} | ${v} |`);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(path.join('bench-results', 'store.json'), JSON.stringify({ when, machine, results }, null, 2) + '\n');
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
