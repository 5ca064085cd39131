import { type Loose, useEmbedded } from '../../helpers/embedded';

const embedded = useEmbedded({ dbName: 'aggexplain' });
const coll = () => embedded().db.collection<Loose>('items');

beforeAll(async () => {
  await coll().insertMany([
    { _id: 1, k: 1 },
    { _id: 2, k: 2 },
  ]);
  await coll().createIndex({ k: 1 });
});

describe('aggregate explain, as mongod answers it', () => {
  it('a $match-only pipeline answers the query plan itself', async () => {
    const explained = await coll()
      .aggregate([{ $match: { k: 2 } }])
      .explain();
    expect(explained.queryPlanner.namespace).toBe('aggexplain.items');
    expect(explained.queryPlanner.winningPlan).toEqual({
      stage: 'FETCH',
      inputStage: { stage: 'IXSCAN', indexName: 'k_1' },
    });
  });

  it('another pipeline answers stages, a $cursor first, without running them', async () => {
    const explained = await coll()
      .aggregate([{ $match: { k: 2 } }, { $group: { _id: '$k', n: { $sum: 1 } } }])
      .explain();
    expect(explained.stages).toHaveLength(2);
    expect(explained.stages[0].$cursor.queryPlanner.winningPlan.inputStage.stage).toBe('IXSCAN');
    expect(explained.stages[1]).toEqual({ $group: { _id: '$k', n: { $sum: 1 } } });
    const plain = await coll()
      .aggregate([{ $group: { _id: null } }])
      .explain();
    expect(plain.stages[0].$cursor.queryPlanner.winningPlan).toEqual({ stage: 'COLLSCAN' });
  });

  it('the aggregate command with explain: true answers the same, and refuses unknown stages', async () => {
    const db = embedded().db;
    const reply = await db.command({ aggregate: 'items', pipeline: [{ $match: { k: 1 } }], explain: true });
    expect(reply.queryPlanner.winningPlan.inputStage.indexName).toBe('k_1');
    await expect(
      coll()
        .aggregate([{ $nope: 1 }])
        .explain(),
    ).rejects.toMatchObject({ code: 40324 });
  });
});
