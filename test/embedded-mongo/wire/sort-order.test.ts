import { Binary, BSONRegExp, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'mongodb';
import { useEmbedded } from '../../helpers/embedded';

const embedded = useEmbedded({ dbName: 'sort_order' });
const coll = () => embedded().db.collection<{ _id: string; v?: unknown }>('mixed');

/** In MongoDB's ascending order: MinKey, null/missing, numbers, strings, objects, arrays, BinData, ObjectId, booleans, dates, Timestamp, RegExp, MaxKey. */
const ascending: { _id: string; v?: unknown }[] = [
  { _id: 'a00-min', v: new MinKey() },
  { _id: 'a01-missing' },
  { _id: 'a02-null', v: null },
  { _id: 'n1', v: new Int32(-5) },
  { _id: 'n2', v: new Double(2.5) },
  { _id: 'n3', v: Long.fromNumber(3) },
  { _id: 'n4', v: Decimal128.fromString('3.5') },
  // A field holding an array sorts ascending by its smallest element: here 4.
  { _id: 'n5-array', v: [new Int32(4), 'z'] },
  { _id: 'n6', v: new Double(10) },
  { _id: 's1', v: 'B' },
  { _id: 's2', v: 'a' },
  { _id: 'o1', v: { a: 1 } },
  { _id: 'o2', v: { a: 2 } },
  { _id: 'o3', v: { b: 0 } },
  // Its smallest element is itself an array.
  { _id: 'r1', v: [[1]] },
  { _id: 'x1', v: new Binary(Buffer.from([1])) },
  { _id: 'x2', v: new ObjectId('000000000000000000000001') },
  { _id: 'x3', v: false },
  { _id: 'x4', v: true },
  { _id: 'x5', v: new Date(0) },
  { _id: 'x6', v: new Date(1000) },
  { _id: 'x7', v: new Timestamp({ t: 1, i: 1 }) },
  { _id: 'x8', v: new BSONRegExp('a') },
  { _id: 'x9', v: new MaxKey() },
];

beforeAll(async () => {
  // Inserted in a scrambled order so that insertion order cannot pass for sorting.
  const scrambled = ascending.map((d, i) => ({ d, key: (i * 7) % ascending.length })).sort((a, b) => a.key - b.key);
  await coll().insertMany(scrambled.map((s) => s.d));
});

const ids = async (sort: Record<string, 1 | -1>) => (await coll().find().sort(sort).toArray()).map((d) => d._id);

describe('sort order across BSON types', () => {
  it('sorts ascending in MongoDB’s type order', async () => {
    expect(await ids({ v: 1, _id: 1 })).toEqual(ascending.map((d) => d._id));
  });

  it('sorts descending in the reverse order, arrays by their largest element', async () => {
    const scalars = ascending.filter((d) => !Array.isArray(d.v)).map((d) => d._id);
    const [min, missing, nul, ...rest] = scalars;
    const expected = [...rest.reverse(), missing, nul, min];
    // Descending, [4, 'z'] sorts by 'z' (after 'a'), and [[1]] by [1].
    expected.splice(expected.indexOf('o3'), 0, 'r1');
    expected.splice(expected.indexOf('s2'), 0, 'n5-array');
    expect(await ids({ v: -1, _id: 1 })).toEqual(expected);
  });

  it('sorts the same way in an aggregation', async () => {
    const docs = await coll()
      .aggregate<{ _id: string }>([{ $sort: { v: 1, _id: 1 } }, { $project: { _id: 1 } }])
      .toArray();
    expect(docs.map((d) => d._id)).toEqual(ascending.map((d) => d._id));
  });

  it('compares only within a type in query operators', async () => {
    expect(
      (
        await coll()
          .find({ v: { $gt: 5 } })
          .sort({ _id: 1 })
          .toArray()
      ).map((d) => d._id),
    ).toEqual(['n6']);
    expect(
      (
        await coll()
          .find({ v: { $gte: 'a' } })
          .sort({ _id: 1 })
          .toArray()
      ).map((d) => d._id),
    ).toEqual(['n5-array', 's2']);
    expect(
      (
        await coll()
          .find({ v: { $lt: new Date(500) } })
          .toArray()
      ).map((d) => d._id),
    ).toEqual(['x5']);
  });
});
