import { useEmbedded } from '../../helpers/embedded';

// A pool larger than the default so that the 100 operations really arrive over many sockets at once.
const embedded = useEmbedded({ dbName: 'concurrency', clientOptions: { maxPoolSize: 50 } });
const CONCURRENT = 100;

describe('concurrent writes to one document', () => {
  it('loses no increment across 100 concurrent findOneAndUpdate calls', async () => {
    const coll = embedded().db.collection<{ _id: string; n: number }>('counters');
    await coll.insertOne({ _id: 'fam', n: 0 });
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, () =>
        coll.findOneAndUpdate({ _id: 'fam' }, { $inc: { n: 1 } }, { returnDocument: 'after' }),
      ),
    );
    expect((await coll.findOne({ _id: 'fam' }))?.n).toBe(CONCURRENT);
    // Each call saw its own increment: the values returned are exactly 1..100.
    expect(answers.map((d) => d?.n).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: CONCURRENT }, (_, i) => i + 1),
    );
  });

  it('loses no increment across 100 concurrent updateOne calls', async () => {
    const coll = embedded().db.collection<{ _id: string; n: number }>('counters');
    await coll.insertOne({ _id: 'one', n: 0 });
    const results = await Promise.all(
      Array.from({ length: CONCURRENT }, () => coll.updateOne({ _id: 'one' }, { $inc: { n: 1 } })),
    );
    expect(results.every((r) => r.modifiedCount === 1)).toBe(true);
    expect((await coll.findOne({ _id: 'one' }))?.n).toBe(CONCURRENT);
  });

  it('creates a document exactly once under 100 concurrent upserts on a unique key', async () => {
    const coll = embedded().db.collection<{ _id?: unknown; slug: string; n: number }>('upserts');
    await coll.createIndex({ slug: 1 }, { unique: true });
    const outcomes = await Promise.allSettled(
      Array.from({ length: CONCURRENT }, () => coll.updateOne({ slug: 'same' }, { $inc: { n: 1 } }, { upsert: true })),
    );
    const failed = outcomes.filter((o) => o.status === 'rejected');
    expect(failed).toEqual([]);
    expect(await coll.countDocuments({ slug: 'same' })).toBe(1);
    expect((await coll.findOne({ slug: 'same' }))?.n).toBe(CONCURRENT);
  });
});
