import { Long } from 'mongodb';
import { type Loose, useEmbedded } from '../../helpers/embedded';

const embedded = useEmbedded({ dbName: 'aggregate' });
const db = () => embedded().db;

interface Sale {
  _id: number;
  item: string;
  qty: number;
  price: number;
  tags: string[];
  customer: number;
}

const sales: Sale[] = [
  { _id: 1, item: 'pen', qty: 2, price: 1, tags: ['office'], customer: 10 },
  { _id: 2, item: 'ink', qty: 1, price: 5, tags: ['office', 'refill'], customer: 10 },
  { _id: 3, item: 'pen', qty: 5, price: 1, tags: [], customer: 11 },
  { _id: 4, item: 'pad', qty: 3, price: 2, tags: ['paper'], customer: 12 },
  { _id: 5, item: 'pen', qty: 1, price: 2, tags: ['office'], customer: 11 },
];

beforeAll(async () => {
  await db().collection<Sale>('sales').insertMany(sales);
  await db()
    .collection<Loose>('customers')
    .insertMany([
      { _id: 10, name: 'Ada' },
      { _id: 11, name: 'Bob' },
    ]);
});

const run = (pipeline: object[]) => db().collection<Loose>('sales').aggregate(pipeline).toArray();

describe('aggregate', () => {
  it('runs $match, $sort, $skip, $limit and $project', async () => {
    expect(
      await run([
        { $match: { item: 'pen' } },
        { $sort: { qty: -1 } },
        { $skip: 1 },
        { $limit: 1 },
        { $project: { _id: 0, qty: 1 } },
      ]),
    ).toEqual([{ qty: 2 }]);
    expect(
      await run([{ $match: { _id: 2 } }, { $project: { item: 1, total: { $multiply: ['$qty', '$price'] } } }]),
    ).toEqual([{ _id: 2, item: 'ink', total: 5 }]);
  });

  it('runs $addFields, $set and $unset', async () => {
    const [doc] = await run([
      { $match: { _id: 4 } },
      { $addFields: { total: { $multiply: ['$qty', '$price'] } } },
      { $set: { flag: true } },
      { $unset: ['tags', 'customer'] },
    ]);
    expect(doc).toEqual({ _id: 4, item: 'pad', qty: 3, price: 2, total: 6, flag: true });
  });

  it('groups with every accumulator', async () => {
    const groups = await run([
      { $sort: { _id: 1 } },
      {
        $group: {
          _id: '$item',
          total: { $sum: '$qty' },
          count: { $sum: 1 },
          avg: { $avg: '$qty' },
          min: { $min: '$qty' },
          max: { $max: '$qty' },
          all: { $push: '$qty' },
          prices: { $addToSet: '$price' },
          first: { $first: '$_id' },
          last: { $last: '$_id' },
        },
      },
      { $sort: { _id: 1 } },
    ]);
    expect(groups.map((g) => ({ ...g, prices: [...(g.prices as number[])].sort() }))).toEqual([
      { _id: 'ink', total: 1, count: 1, avg: 1, min: 1, max: 1, all: [1], prices: [5], first: 2, last: 2 },
      { _id: 'pad', total: 3, count: 1, avg: 3, min: 3, max: 3, all: [3], prices: [2], first: 4, last: 4 },
      { _id: 'pen', total: 8, count: 3, avg: 8 / 3, min: 1, max: 5, all: [2, 5, 1], prices: [1, 2], first: 1, last: 5 },
    ]);
  });

  it('groups everything under _id null', async () => {
    expect(await run([{ $group: { _id: null, qty: { $sum: '$qty' } } }])).toEqual([{ _id: null, qty: 12 }]);
  });

  it('unwinds arrays, dropping documents with empty ones', async () => {
    const rows = await run([{ $unwind: '$tags' }, { $project: { tags: 1 } }, { $sort: { _id: 1, tags: 1 } }]);
    expect(rows).toEqual([
      { _id: 1, tags: 'office' },
      { _id: 2, tags: 'office' },
      { _id: 2, tags: 'refill' },
      { _id: 4, tags: 'paper' },
      { _id: 5, tags: 'office' },
    ]);
  });

  it('joins with $lookup', async () => {
    const rows = await run([
      { $match: { _id: { $in: [1, 4] } } },
      { $lookup: { from: 'customers', localField: 'customer', foreignField: '_id', as: 'who' } },
      { $project: { who: 1 } },
      { $sort: { _id: 1 } },
    ]);
    expect(rows).toEqual([
      { _id: 1, who: [{ _id: 10, name: 'Ada' }] },
      { _id: 4, who: [] },
    ]);
  });

  it('counts with $count and $sortByCount', async () => {
    expect(await run([{ $match: { price: 1 } }, { $count: 'cheap' }])).toEqual([{ cheap: 2 }]);
    expect(await run([{ $sortByCount: '$item' }])).toEqual([
      { _id: 'pen', count: 3 },
      expect.objectContaining({ count: 1 }),
      expect.objectContaining({ count: 1 }),
    ]);
  });

  it('runs sub-pipelines with $facet', async () => {
    const [facets] = await run([
      {
        $facet: {
          pens: [{ $match: { item: 'pen' } }, { $count: 'n' }],
          top: [{ $sort: { qty: -1 } }, { $limit: 1 }, { $project: { _id: 1 } }],
        },
      },
    ]);
    expect(facets).toEqual({ pens: [{ n: 3 }], top: [{ _id: 3 }] });
  });

  it('answers in a cursor that the driver follows past 101 results', async () => {
    const big = db().collection<Loose>('big');
    await big.insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i, even: i % 2 === 0 })));
    const first = await db().command(
      { aggregate: 'big', pipeline: [{ $sort: { _id: 1 } }], cursor: {} },
      { promoteLongs: false },
    );
    expect(first.cursor.firstBatch).toHaveLength(101);
    expect(first.cursor.id).toBeInstanceOf(Long);
    expect(first.cursor.id.isZero()).toBe(false);
    await db().command({ killCursors: 'big', cursors: [first.cursor.id] });

    const all = await big.aggregate([{ $match: {} }, { $sort: { _id: -1 } }]).toArray();
    expect(all).toHaveLength(250);
    expect(all[0]).toEqual({ _id: 249, even: false });
    expect(all[249]).toEqual({ _id: 0, even: true });
    const small = await big.aggregate([{ $match: { even: true } }], { batchSize: 7 }).toArray();
    expect(small).toHaveLength(125);
  });

  it('refuses an unknown stage, naming it', async () => {
    await expect(run([{ $noSuchStage: {} }])).rejects.toMatchObject({
      code: 40324,
      message: expect.stringContaining('$noSuchStage'),
    });
  });
});
