/**
 * `npm run bench:store`: the embedded store's speed through mongoose, with the store in its own process
 * and a real data directory (every insert is fsynced before it is acknowledged).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startChildStore } from './lib/child-store';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

async function forDuration(workers: number, op: (worker: number, i: number) => Promise<unknown>): Promise<{ perSecond: number; count: number }> {
  const deadline = performance.now() + SECONDS * 1000;
  let count = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; performance.now() < deadline; i++) {
        await op(w, i);
        count++;
      }
    }),
  );
  return { perSecond: Math.round(count / ((performance.now() - start) / 1000)), count };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-store-'));
  const store = await startChildStore({ dbPath: dir });
  const conn = await mongoose.createConnection(store.uri('bench'), { maxPoolSize: 40 }).asPromise();
  const Item = conn.model('Item', new mongoose.Schema({ k: { type: Number, index: true }, worker: Number, body: String, at: Date }));
  await Item.init();
  const body = 'x'.repeat(200);
  const results: Record<string, number | string> = {};

  const progress = (s: string) => process.stderr.write(`${s}\n`);
  progress(`durable inserts, 1 writer, ${SECONDS}s ...`);
  results['inserts/s, 1 writer'] = (await forDuration(1, (w, i) => Item.create({ k: i, worker: w, body, at: new Date() }))).perSecond;
  progress(`durable inserts, 32 writers, ${SECONDS}s ...`);
  results['inserts/s, 32 writers'] = (await forDuration(32, (w, i) => Item.create({ k: w * 1_000_000 + i, worker: w, body, at: new Date() }))).perSecond;

  progress('loading 100,000 documents ...');
  await Item.deleteMany({});
  for (let base = 0; base < 100_000; base += 1000) {
    await Item.insertMany(Array.from({ length: 1000 }, (_, j) => ({ k: base + j, worker: 0, body, at: new Date() })), { lean: true });
  }
  progress(`indexed point finds, 32 readers, ${SECONDS}s ...`);
  results['point finds/s (indexed, 32 readers)'] = (await forDuration(32, (_w, i) => Item.findOne({ k: (i * 7919) % 100_000 }).lean())).perSecond;

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
