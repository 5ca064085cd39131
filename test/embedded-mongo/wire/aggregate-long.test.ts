import { Decimal128, Double, Int32 } from 'mongodb';
import type { Loose } from '../../helpers/embedded';
import { long, useTypedReplies } from './typed-replies';

const { fresh, db } = useTypedReplies('agglong');
const MAX = 2n ** 63n - 1n;

describe('Long values in aggregation, as mongod types them', () => {
  it('$add, $subtract and $multiply of longs (and ints) give a long, a double past 64 bits', async () => {
    const coll = await fresh([{ _id: 1, v: long(5), big: long(MAX) }]);
    const [row] = await coll
      .aggregate([
        {
          $project: {
            _id: 0,
            add: { $add: ['$v', 1] },
            sub: { $subtract: ['$v', 7] },
            mul: { $multiply: ['$v', '$v'] },
            overflow: { $add: ['$big', 1] },
            half: { $add: ['$v', 0.5] },
            type: { $type: '$v' },
          },
        },
      ])
      .toArray();
    expect(row).toStrictEqual({
      add: long(6),
      sub: long(-2),
      mul: long(25),
      overflow: new Double(2 ** 63),
      half: new Double(5.5),
      type: 'long',
    });
  });

  it('$sum of longs and ints is a long; $avg a double; $min/$max keep the long', async () => {
    const coll = await fresh([
      { _id: 1, v: long(5) },
      { _id: 2, v: new Int32(3) },
      { _id: 3, v: 'text' },
    ]);
    const [total] = await coll
      .aggregate([
        { $group: { _id: null, s: { $sum: '$v' }, a: { $avg: '$v' }, hi: { $max: '$v' }, lo: { $min: '$v' } } },
      ])
      .toArray();
    expect(total).toStrictEqual({ _id: null, s: long(8), a: new Double(4), hi: 'text', lo: new Int32(3) });
    const [numbers] = await coll
      .aggregate([{ $match: { _id: { $lt: 3 } } }, { $group: { _id: null, hi: { $max: '$v' } } }])
      .toArray();
    expect(numbers!.hi).toStrictEqual(long(5));
  });

  it('$group puts equal numbers of any type in one group, keyed as the first document had it', async () => {
    const coll = await fresh([
      { _id: 1, k: long(1) },
      { _id: 2, k: new Double(1) },
      { _id: 3, k: new Int32(1) },
      { _id: 4, k: Decimal128.fromString('1.0') },
      { _id: 5, k: new Int32(2) },
      { _id: 6 },
      { _id: 7, k: null },
    ]);
    const groups = await coll
      .aggregate([{ $sort: { _id: 1 } }, { $group: { _id: '$k', n: { $sum: 1 } } }, { $sort: { _id: 1 } }])
      .toArray();
    expect(groups).toStrictEqual([
      { _id: null, n: new Int32(2) },
      { _id: long(1), n: new Int32(4) },
      { _id: new Int32(2), n: new Int32(1) },
    ]);
  });
});

it('$lookup joins a Long key with an equal int', async () => {
  const orders = await fresh([{ _id: 1, customer: long(10) }]);
  await db()
    .collection<Loose>('customers')
    .insertMany([{ _id: 10, name: 'Ada' }]);
  const [row] = await orders
    .aggregate([{ $lookup: { from: 'customers', localField: 'customer', foreignField: '_id', as: 'who' } }])
    .toArray();
  expect(row!.who).toStrictEqual([{ _id: new Int32(10), name: 'Ada' }]);
});

it('$lookup joins equal numbers of any type and keeps both sides typed', async () => {
  const orders = await fresh([{ _id: 1, customer: long(10), total: new Double(5) }]);
  const people = db().collection<Loose>('people');
  await people.insertMany([
    { _id: 1, id: new Double(10), since: long(2020) },
    { _id: 2, id: new Int32(10), since: new Double(2021) },
    { _id: 3, id: long(11) },
  ]);
  const lookup = { from: 'people', localField: 'customer', foreignField: 'id', as: 'who' };
  const [row] = await orders.aggregate([{ $lookup: lookup }]).toArray();
  expect(row).toStrictEqual({
    _id: new Int32(1),
    customer: long(10),
    total: new Double(5),
    who: [
      { _id: new Int32(1), id: new Double(10), since: long(2020) },
      { _id: new Int32(2), id: new Int32(10), since: new Double(2021) },
    ],
  });
  const [piped] = await orders
    .aggregate([{ $lookup: { ...lookup, pipeline: [{ $project: { _id: 0, since: 1 } }] } }])
    .toArray();
  expect(piped!.who).toStrictEqual([{ since: long(2020) }, { since: new Double(2021) }]);
});

it('$maxN, $minN, $topN and $sortArray order longs and whole-number doubles by value', async () => {
  const coll = await fresh([
    { _id: 1, v: new Double(5) },
    { _id: 2, v: new Int32(3) },
    { _id: 3, v: long(4) },
    { _id: 4, v: 4.5 },
  ]);
  const [row] = await coll
    .aggregate([
      {
        $group: {
          _id: null,
          maxN: { $maxN: { input: '$v', n: 2 } },
          minN: { $minN: { input: '$v', n: 2 } },
          topN: { $topN: { sortBy: { v: -1 }, output: '$v', n: 2 } },
          all: { $push: '$v' },
        },
      },
      { $set: { sorted: { $sortArray: { input: '$all', sortBy: 1 } } } },
    ])
    .toArray();
  // Their values read back as plain numbers (docs/embedded-mongo.md): the order is what is checked.
  const values = (key: string) => (row![key] as unknown[]).map(Number);
  expect([values('maxN'), values('minN'), values('topN'), values('sorted')]).toStrictEqual([
    [5, 4.5],
    [3, 4],
    [5, 4.5],
    [3, 4, 4.5, 5],
  ]);
});
