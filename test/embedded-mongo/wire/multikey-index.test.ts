import { type Loose, useEmbedded } from '../../helpers/embedded';

const embedded = useEmbedded({ dbName: 'multikey_index' });
const db = () => embedded().db;

let seq = 0;
const freshCollection = () => db().collection<Loose>(`c${seq++}`);

const PARALLEL = { code: 171, codeName: 'CannotIndexParallelArrays', errmsg: 'cannot index parallel arrays [b] [a]' };

describe('a compound index over two paths of one array', () => {
  it('keys each element on its own, so other pairs of values are no unique conflict', async () => {
    const coll = freshCollection();
    await coll.createIndex({ 'a.x': 1, 'a.y': 1 }, { unique: true });
    await coll.insertOne({
      _id: 1,
      a: [
        { x: 1, y: 2 },
        { x: 2, y: 1 },
      ],
    });
    // (1, 1) and (2, 2) pair values of different elements of document 1: mongod holds no such keys.
    await coll.insertOne({
      _id: 2,
      a: [
        { x: 1, y: 1 },
        { x: 2, y: 2 },
      ],
    });
    await expect(
      coll.insertOne({
        _id: 3,
        a: [
          { x: 9, y: 9 },
          { x: 2, y: 1 },
        ],
      }),
    ).rejects.toMatchObject({
      code: 11000,
      keyValue: { 'a.x': 2, 'a.y': 1 },
    });
    expect(await coll.countDocuments()).toBe(2);
  });

  it('still finds documents whose elements each meet one condition, by the planner or a hint', async () => {
    const coll = freshCollection();
    await coll.createIndex({ 'a.x': 1, 'a.y': 1 });
    await coll.insertMany([
      {
        _id: 1,
        a: [
          { x: 1, y: 2 },
          { x: 2, y: 1 },
        ],
      },
      { _id: 2, a: [{ x: 1, y: 1 }] },
      { _id: 3, a: [{ x: 3, y: 2 }] },
    ]);
    const filter = { 'a.x': 1, 'a.y': 2 };
    expect(await coll.find(filter).toArray()).toEqual([
      {
        _id: 1,
        a: [
          { x: 1, y: 2 },
          { x: 2, y: 1 },
        ],
      },
    ]);
    expect((await coll.find(filter).hint('a.x_1_a.y_1').toArray()).map((d) => d._id)).toEqual([1]);
    // $elemMatch asks for one element holding both.
    expect(
      await coll
        .find({ a: { $elemMatch: { x: 1, y: 2 } } })
        .project({ _id: 1 })
        .toArray(),
    ).toEqual([{ _id: 1 }]);
    expect(
      await coll
        .find({ a: { $elemMatch: { x: 1, y: 1 } } })
        .project({ _id: 1 })
        .toArray(),
    ).toEqual([{ _id: 2 }]);
  });
});

describe('parallel arrays', () => {
  it('refuses an insert or an update that would index two arrays, with code 171 and mongod’s message', async () => {
    const coll = freshCollection();
    await coll.createIndex({ a: 1, b: 1 });
    await expect(coll.insertOne({ _id: 1, a: [1, 2], b: [3] })).rejects.toMatchObject(PARALLEL);
    await coll.insertOne({ _id: 2, a: [1, 2], b: 3 });
    await expect(coll.updateOne({ _id: 2 }, { $set: { b: [3, 4] } })).rejects.toMatchObject(PARALLEL);
    expect(await coll.findOne({ _id: 2 })).toEqual({ _id: 2, a: [1, 2], b: 3 });
    // One array is fine, on either field.
    await coll.insertOne({ _id: 3, a: 1, b: [3, 4] });
  });

  it('refuses to build the index over documents already holding two arrays, building none of the batch', async () => {
    const coll = freshCollection();
    await coll.insertMany([
      { _id: 1, a: 1, b: 1 },
      { _id: 2, a: [1], b: [2] },
    ]);
    const err = await db()
      .command({
        createIndexes: coll.collectionName,
        indexes: [
          { key: { a: 1 }, name: 'a_1' },
          { key: { a: 1, b: 1 }, name: 'a_1_b_1' },
        ],
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 171, codeName: 'CannotIndexParallelArrays' });
    const uuid = '[0-9a-f-]{36}';
    const context = `Index build failed: ${uuid}: Collection multikey_index\\.${coll.collectionName} \\( ${uuid} \\)`;
    const cause = 'cannot index parallel arrays \\[b\\] \\[a\\]';
    expect((err as Error).message).toMatch(new RegExp(`^${context} :: caused by :: ${cause}$`));
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    // The documents are untouched and the collection takes writes as before.
    await coll.insertOne({ _id: 3, a: [5], b: [6] });
    expect(await coll.countDocuments()).toBe(3);
  });
});
