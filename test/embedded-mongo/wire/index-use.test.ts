import type { Document } from 'mongodb';
import { useEmbedded } from '../../helpers/embedded';

const embedded = useEmbedded({ dbName: 'index_use' });
const N = 20_000;
const coll = () => embedded().db.collection<{ _id: number; k: number; u: number }>('big');

beforeAll(async () => {
  await coll().createIndex({ k: 1 });
  // k is indexed, u holds the same values without an index.
  await coll().insertMany(Array.from({ length: N }, (_, i) => ({ _id: i, k: i, u: i })));
}, 30_000);

/** Every stage name in a plan tree, outermost first. */
function stages(plan: Document | undefined): string[] {
  if (!plan) return [];
  return [plan.stage as string, ...stages(plan.inputStage as Document | undefined)];
}

async function scannedObjects(): Promise<number> {
  const status = await embedded().client.db('admin').command({ serverStatus: 1 });
  return Number(status.metrics.queryExecutor.scannedObjects);
}

/** How many documents the server examined while running `operation`, by its serverStatus counter. */
async function examinedDuring(operation: () => Promise<unknown>): Promise<number> {
  const before = await scannedObjects();
  await operation();
  return (await scannedObjects()) - before;
}

describe('queries use indexes', () => {
  it('examines one document for an equality match on an indexed field', async () => {
    const explained = await coll().find({ k: 123 }).explain('executionStats');
    expect(stages(explained.queryPlanner.winningPlan)).toContain('IXSCAN');
    expect(explained.executionStats.nReturned).toBe(1);
    expect(explained.executionStats.totalDocsExamined).toBe(1);
    expect(explained.executionStats.totalKeysExamined).toBeLessThanOrEqual(2);
    expect(await examinedDuring(() => coll().find({ k: 123 }).toArray())).toBe(1);
  });

  it('examines every document for a match on a field without an index', async () => {
    const explained = await coll().find({ u: 123 }).explain('executionStats');
    expect(stages(explained.queryPlanner.winningPlan)).toEqual(['COLLSCAN']);
    expect(explained.executionStats.nReturned).toBe(1);
    expect(explained.executionStats.totalDocsExamined).toBe(N);
    expect(await examinedDuring(() => coll().find({ u: 123 }).toArray())).toBe(N);
  });

  it('examines only the documents in range for a range on an indexed field', async () => {
    const explained = await coll()
      .find({ k: { $gte: 100, $lt: 105 } })
      .explain('executionStats');
    expect(stages(explained.queryPlanner.winningPlan)).toContain('IXSCAN');
    expect(explained.executionStats.nReturned).toBe(5);
    expect(explained.executionStats.totalDocsExamined).toBe(5);
    const docs = await coll()
      .find({ k: { $gte: 100, $lt: 105 } })
      .toArray();
    expect(docs.map((d) => d._id)).toEqual([100, 101, 102, 103, 104]);
  });

  it('walks the index for a sort on an indexed field with a limit', async () => {
    let top: number[] = [];
    const examined = await examinedDuring(async () => {
      top = (await coll().find().sort({ k: -1 }).limit(3).toArray()).map((d) => d.k);
    });
    expect(top).toEqual([N - 1, N - 2, N - 3]);
    expect(examined).toBeLessThanOrEqual(3);
    const explained = await coll().find().sort({ k: -1 }).limit(3).explain('executionStats');
    expect(stages(explained.queryPlanner.winningPlan)).toContain('IXSCAN');
    expect(explained.executionStats.totalDocsExamined).toBeLessThanOrEqual(3);
  });

  it('finds by _id through the _id index', async () => {
    expect(await examinedDuring(() => coll().findOne({ _id: 19_999 }))).toBe(1);
  });

  it('counts scanned index keys in serverStatus too', async () => {
    const status = async () =>
      Number((await embedded().client.db('admin').command({ serverStatus: 1 })).metrics.queryExecutor.scanned);
    const before = await status();
    await coll()
      .find({ k: { $in: [1, 2, 3] } })
      .toArray();
    const keys = (await status()) - before;
    expect(keys).toBeGreaterThanOrEqual(3);
    expect(keys).toBeLessThan(10);
  });
});
