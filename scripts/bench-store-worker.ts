/**
 * One load process of `npm run bench:store`: runs `concurrency` loops of one operation through mongoose
 * for `seconds` and prints how many completed. Several run at once, so that the client side (mongoose's
 * own work per operation) is not what the benchmark measures.
 */
import mongoose from 'mongoose';

const [uri, mode, concurrencyArg, secondsArg, workerArg] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const seconds = Number(secondsArg);
const worker = Number(workerArg);

async function main(): Promise<void> {
  const conn = await mongoose.createConnection(uri!, { maxPoolSize: concurrency + 2 }).asPromise();
  const Item = conn.model(
    'Item',
    new mongoose.Schema({ k: { type: Number, index: true }, worker: Number, body: String, at: Date }),
  );
  const body = 'x'.repeat(200);
  const op =
    mode === 'insert'
      ? (w: number, i: number) =>
          Item.create({ k: worker * 10_000_000 + w * 100_000 + i, worker, body, at: new Date() })
      : (_w: number, i: number) => Item.findOne({ k: (i * 7919 + worker * 31) % 100_000 }).lean();
  // Start together: the parent sends "go" once every worker is connected.
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = 0; performance.now() < deadline; i++) {
        await op(w, i);
        count++;
      }
    }),
  );
  process.stdout.write(`count ${count}\n`);
  await conn.close();
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
