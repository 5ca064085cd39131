import { Long, MongoBulkWriteError, ObjectId, type WriteError } from 'mongodb';
import { type Loose, useEmbedded } from '../../helpers/embedded';

const embedded = useEmbedded({ dbName: 'insert_find' });
const db = () => embedded().db;

interface Item {
  _id: number;
  n: number;
  group: string;
  nested: { even: boolean };
}

const items: Item[] = Array.from({ length: 10 }, (_, i) => ({
  _id: i,
  n: 10 - i,
  group: ['a', 'b', 'c'][i % 3] as string,
  nested: { even: i % 2 === 0 },
}));

beforeAll(async () => {
  await db().collection<Item>('items').insertMany(items);
});

/** The write errors of a bulk error as an array, whatever shape the driver gives them. */
const writeErrorsOf = (err: MongoBulkWriteError): WriteError[] => [err.writeErrors].flat();

describe('insert', () => {
  it('stops an ordered insert at the first duplicate key, reporting its index', async () => {
    const coll = db().collection<Loose>('ordered');
    const err = await coll
      .insertMany([{ _id: 1 }, { _id: 2 }, { _id: 1 }, { _id: 3 }], { ordered: true })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoBulkWriteError);
    const bulk = err as MongoBulkWriteError;
    expect(bulk.code).toBe(11000);
    expect(bulk.insertedCount).toBe(2);
    expect(writeErrorsOf(bulk).map((e) => [e.index, e.code])).toEqual([[2, 11000]]);
    expect(await coll.find().sort({ _id: 1 }).toArray()).toEqual([{ _id: 1 }, { _id: 2 }]);
  });

  it('goes on past duplicate keys in an unordered insert, reporting each', async () => {
    const coll = db().collection<Loose>('unordered');
    const err = await coll
      .insertMany([{ _id: 1 }, { _id: 1 }, { _id: 2 }, { _id: 2 }, { _id: 3 }], { ordered: false })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoBulkWriteError);
    const bulk = err as MongoBulkWriteError;
    expect(bulk.insertedCount).toBe(3);
    expect(writeErrorsOf(bulk).map((e) => [e.index, e.code])).toEqual([
      [1, 11000],
      [3, 11000],
    ]);
    expect(await coll.find().sort({ _id: 1 }).toArray()).toEqual([{ _id: 1 }, { _id: 2 }, { _id: 3 }]);
  });

  it('answers the raw insert command with n and writeErrors', async () => {
    const reply = await db().command({
      insert: 'raw_insert',
      documents: [{ _id: 'x' }, { _id: 'x' }, { _id: 'y' }],
      ordered: false,
    });
    expect(reply.ok).toBe(1);
    expect(reply.n).toBe(2);
    expect(reply.writeErrors).toHaveLength(1);
    expect(reply.writeErrors[0]).toMatchObject({ index: 1, code: 11000 });
    expect(reply.writeErrors[0].errmsg).toContain('E11000 duplicate key error');
  });

  it('gives a document without _id an ObjectId', async () => {
    const { insertedId } = await db().collection<Loose>('generated').insertOne({ a: 1 });
    const stored = await db().collection<Loose>('generated').findOne({ a: 1 });
    expect(stored?._id).toBeInstanceOf(ObjectId);
    expect((stored?._id as ObjectId).toHexString()).toBe((insertedId as ObjectId).toHexString());
  });
});

describe('find', () => {
  const coll = () => db().collection<Item>('items');

  it('filters, including on nested fields', async () => {
    expect((await coll().find({ group: 'a' }).toArray()).map((d) => d._id)).toEqual([0, 3, 6, 9]);
    expect(
      (
        await coll()
          .find({ 'nested.even': true, n: { $gt: 5 } })
          .toArray()
      ).map((d) => d._id),
    ).toEqual([0, 2, 4]);
  });

  it('projects by inclusion and by exclusion', async () => {
    expect(
      await coll()
        .find({ _id: 1 }, { projection: { n: 1 } })
        .toArray(),
    ).toEqual([{ _id: 1, n: 9 }]);
    expect(
      await coll()
        .find({ _id: 1 }, { projection: { n: 1, _id: 0 } })
        .toArray(),
    ).toEqual([{ n: 9 }]);
    expect(
      await coll()
        .find({ _id: 1 }, { projection: { nested: 0, group: 0 } })
        .toArray(),
    ).toEqual([{ _id: 1, n: 9 }]);
    expect(
      await coll()
        .find({ _id: 1 }, { projection: { 'nested.even': 1 } })
        .toArray(),
    ).toEqual([{ _id: 1, nested: { even: false } }]);
  });

  it('sorts on one and on two keys', async () => {
    expect((await coll().find().sort({ n: 1 }).toArray()).map((d) => d._id)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect((await coll().find().sort({ group: -1, _id: 1 }).toArray()).map((d) => d._id)).toEqual([
      2, 5, 8, 1, 4, 7, 0, 3, 6, 9,
    ]);
  });

  it('skips and limits after sorting', async () => {
    expect((await coll().find().sort({ _id: 1 }).skip(3).limit(4).toArray()).map((d) => d._id)).toEqual([3, 4, 5, 6]);
    expect(await coll().find().skip(20).toArray()).toEqual([]);
  });

  it('answers in batches of batchSize, with an Int64 cursor id, and getMore continues it', async () => {
    const first = await db().command(
      { find: 'items', filter: {}, sort: { _id: 1 }, batchSize: 4 },
      { promoteLongs: false },
    );
    expect(first.cursor.ns).toBe('insert_find.items');
    expect(first.cursor.firstBatch.map((d: Item) => d._id)).toEqual([0, 1, 2, 3]);
    expect(first.cursor.id).toBeInstanceOf(Long);
    expect(first.cursor.id.isZero()).toBe(false);

    const second = await db().command(
      { getMore: first.cursor.id, collection: 'items', batchSize: 4 },
      { promoteLongs: false },
    );
    expect(second.cursor.nextBatch.map((d: Item) => d._id)).toEqual([4, 5, 6, 7]);
    expect(second.cursor.id).toBeInstanceOf(Long);
    expect(second.cursor.id.equals(first.cursor.id)).toBe(true);

    const last = await db().command(
      { getMore: first.cursor.id, collection: 'items', batchSize: 4 },
      { promoteLongs: false },
    );
    expect(last.cursor.nextBatch.map((d: Item) => d._id)).toEqual([8, 9]);
    expect(last.cursor.id).toBeInstanceOf(Long);
    expect(last.cursor.id.isZero()).toBe(true);
  });

  it('closes the cursor at once with singleBatch', async () => {
    const reply = await db().command(
      { find: 'items', filter: {}, batchSize: 3, singleBatch: true },
      { promoteLongs: false },
    );
    expect(reply.cursor.firstBatch).toHaveLength(3);
    expect(reply.cursor.id.isZero()).toBe(true);
  });

  it('closes the cursor at once when limit is reached', async () => {
    const reply = await db().command({ find: 'items', filter: {}, limit: 2, batchSize: 5 }, { promoteLongs: false });
    expect(reply.cursor.firstBatch).toHaveLength(2);
    expect(reply.cursor.id.isZero()).toBe(true);
  });

  it('lets the driver iterate small batches to the end', async () => {
    const ids: number[] = [];
    for await (const doc of coll().find({}, { batchSize: 3 }).sort({ _id: -1 })) ids.push(doc._id);
    expect(ids).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('kills a cursor with killCursors and reports it killed', async () => {
    const first = await db().command({ find: 'items', filter: {}, batchSize: 2 }, { promoteLongs: false });
    const reply = await db().command({ killCursors: 'items', cursors: [first.cursor.id] }, { promoteLongs: false });
    expect(reply.ok).toBe(1);
    expect(reply.cursorsKilled).toHaveLength(1);
    expect(reply.cursorsKilled[0].equals(first.cursor.id)).toBe(true);
    expect(reply.cursorsNotFound).toEqual([]);
  });

  it('finds nothing in a collection that does not exist', async () => {
    expect(await db().collection<Loose>('absent').find({}).toArray()).toEqual([]);
  });
});
