import type { Document, OptionalUnlessRequiredId } from 'mongodb';
import { useEmbedded } from '../../helpers/embedded';

const embedded = useEmbedded({ dbName: 'update_delete' });

/** A fresh collection per test, so that each starts from known documents. */
let seq = 0;
async function collectionWith<T extends Document>(docs: T[]) {
  const coll = embedded().db.collection<T>(`c${seq++}`);
  if (docs.length) await coll.insertMany(docs as OptionalUnlessRequiredId<T>[]);
  return coll;
}

describe('update', () => {
  it('updates one or many documents and reports matched and modified counts', async () => {
    const coll = await collectionWith([
      { _id: 1, kind: 'x', n: 1 },
      { _id: 2, kind: 'x', n: 2 },
      { _id: 3, kind: 'y', n: 3 },
    ]);
    const one = await coll.updateOne({ kind: 'x' }, { $inc: { n: 10 } });
    expect(one).toMatchObject({
      acknowledged: true,
      matchedCount: 1,
      modifiedCount: 1,
      upsertedCount: 0,
      upsertedId: null,
    });
    const many = await coll.updateMany({ kind: 'x' }, { $set: { seen: true } });
    expect(many).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    const noop = await coll.updateMany({ kind: 'x' }, { $set: { seen: true } });
    expect(noop).toMatchObject({ matchedCount: 2, modifiedCount: 0 });
    expect(await coll.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, kind: 'x', n: 11, seen: true },
      { _id: 2, kind: 'x', n: 2, seen: true },
      { _id: 3, kind: 'y', n: 3 },
    ]);
  });

  it('upserts with $setOnInsert applied only when inserting', async () => {
    const coll = await collectionWith<{ _id: string; hits?: number; created?: string }>([]);
    const inserted = await coll.updateOne(
      { _id: 'page' },
      { $inc: { hits: 1 }, $setOnInsert: { created: 'first' } },
      { upsert: true },
    );
    expect(inserted).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: 'page' });
    const updated = await coll.updateOne(
      { _id: 'page' },
      { $inc: { hits: 1 }, $setOnInsert: { created: 'second' } },
      { upsert: true },
    );
    expect(updated).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    expect(await coll.findOne({ _id: 'page' })).toEqual({ _id: 'page', hits: 2, created: 'first' });
  });

  it('upserts a document built from the equality fields of the filter', async () => {
    const coll = await collectionWith<{ slug: string; n?: number; views?: number }>([]);
    const res = await coll.updateOne({ slug: 'hello', n: { $gt: 5 } }, { $set: { views: 1 } }, { upsert: true });
    expect(res.upsertedCount).toBe(1);
    const doc = await coll.findOne({ slug: 'hello' }, { projection: { _id: 0 } });
    expect(doc).toEqual({ slug: 'hello', views: 1 });
  });

  it('updates array elements chosen by arrayFilters', async () => {
    const coll = await collectionWith([
      {
        _id: 1,
        grades: [
          { g: 80, ok: false },
          { g: 95, ok: false },
          { g: 91, ok: false },
        ],
      },
    ]);
    await coll.updateOne(
      { _id: 1 },
      { $set: { 'grades.$[high].ok': true } },
      { arrayFilters: [{ 'high.g': { $gte: 90 } }] },
    );
    expect((await coll.findOne({ _id: 1 }))?.grades.map((x) => x.ok)).toEqual([false, true, true]);
  });

  it('updates the array element matched by the filter through positional $', async () => {
    const coll = await collectionWith([
      {
        _id: 1,
        items: [
          { sku: 'a', qty: 1 },
          { sku: 'b', qty: 1 },
        ],
      },
    ]);
    await coll.updateOne({ _id: 1, 'items.sku': 'b' }, { $inc: { 'items.$.qty': 4 } });
    expect((await coll.findOne({ _id: 1 }))?.items).toEqual([
      { sku: 'a', qty: 1 },
      { sku: 'b', qty: 5 },
    ]);
  });

  it('replaces a whole document, keeping its _id', async () => {
    const coll = await collectionWith<{ _id: number; a?: number; b?: number }>([{ _id: 1, a: 1 }]);
    const res = await coll.replaceOne({ _id: 1 }, { b: 2 });
    expect(res).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, b: 2 });
  });

  it('applies the common modifiers', async () => {
    const coll = await collectionWith([{ _id: 1, a: 5, b: 'x', list: [1, 2, 3], gone: true, low: 10, high: 10 }]);
    await coll.updateOne(
      { _id: 1 },
      {
        $mul: { a: 2 },
        $rename: { b: 'renamed' },
        $push: { list: { $each: [4, 5], $slice: -4 } },
        $unset: { gone: '' },
        $min: { low: 3 },
        $max: { high: 20 },
      },
    );
    await coll.updateOne({ _id: 1 }, { $pull: { list: 3 }, $addToSet: { tags: 'new' } });
    await coll.updateOne({ _id: 1 }, { $addToSet: { tags: 'new' }, $pop: { list: 1 } });
    expect(await coll.findOne({ _id: 1 })).toEqual({
      _id: 1,
      a: 10,
      renamed: 'x',
      list: [2, 4],
      low: 3,
      high: 20,
      tags: ['new'],
    });
  });
});

describe('delete', () => {
  it('deletes one matching document with limit 1 and all with limit 0', async () => {
    const coll = await collectionWith([
      { _id: 1, k: 'x' },
      { _id: 2, k: 'x' },
      { _id: 3, k: 'x' },
      { _id: 4, k: 'y' },
    ]);
    expect(await coll.deleteOne({ k: 'x' })).toEqual({ acknowledged: true, deletedCount: 1 });
    expect(await coll.countDocuments({ k: 'x' })).toBe(2);
    expect(await coll.deleteMany({ k: 'x' })).toEqual({ acknowledged: true, deletedCount: 2 });
    expect(await coll.find().toArray()).toEqual([{ _id: 4, k: 'y' }]);
  });

  it('answers the raw delete command with n', async () => {
    const coll = await collectionWith([{ _id: 1 }, { _id: 2 }, { _id: 3 }]);
    const reply = await embedded().db.command({
      delete: coll.collectionName,
      deletes: [
        { q: { _id: 1 }, limit: 1 },
        { q: { _id: { $gte: 2 } }, limit: 0 },
      ],
    });
    expect(reply).toMatchObject({ ok: 1, n: 3 });
    expect(await coll.countDocuments()).toBe(0);
  });
});

describe('findAndModify', () => {
  it('returns the document before or after an update', async () => {
    const coll = await collectionWith([{ _id: 1, n: 1 }]);
    expect(await coll.findOneAndUpdate({ _id: 1 }, { $inc: { n: 1 } })).toEqual({ _id: 1, n: 1 });
    expect(await coll.findOneAndUpdate({ _id: 1 }, { $inc: { n: 1 } }, { returnDocument: 'after' })).toEqual({
      _id: 1,
      n: 3,
    });
    expect(await coll.findOneAndUpdate({ _id: 99 }, { $inc: { n: 1 } })).toBeNull();
  });

  it('upserts, returning null before and the new document after', async () => {
    const coll = await collectionWith<{ _id: string; n?: number; at?: string }>([]);
    expect(await coll.findOneAndUpdate({ _id: 'a' }, { $inc: { n: 1 } }, { upsert: true })).toBeNull();
    expect(
      await coll.findOneAndUpdate(
        { _id: 'b' },
        { $inc: { n: 1 }, $setOnInsert: { at: 'now' } },
        { upsert: true, returnDocument: 'after' },
      ),
    ).toEqual({
      _id: 'b',
      n: 1,
      at: 'now',
    });
    expect(await coll.countDocuments()).toBe(2);
  });

  it('picks the first document in sort order and applies the projection', async () => {
    const coll = await collectionWith([
      { _id: 1, rank: 3, secret: 's' },
      { _id: 2, rank: 1, secret: 's' },
      { _id: 3, rank: 2, secret: 's' },
    ]);
    const got = await coll.findOneAndUpdate(
      {},
      { $set: { taken: true } },
      { sort: { rank: 1 }, projection: { secret: 0 }, returnDocument: 'after' },
    );
    expect(got).toEqual({ _id: 2, rank: 1, taken: true });
    const last = await coll.findOneAndDelete({}, { sort: { rank: -1 }, projection: { rank: 1 } });
    expect(last).toEqual({ _id: 1, rank: 3 });
    expect((await coll.find().sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([2, 3]);
  });

  it('replaces a document and returns either version', async () => {
    const coll = await collectionWith<{ _id: number; v: number }>([{ _id: 1, v: 1 }]);
    expect(await coll.findOneAndReplace({ _id: 1 }, { v: 2 })).toEqual({ _id: 1, v: 1 });
    expect(await coll.findOneAndReplace({ _id: 1 }, { v: 3 }, { returnDocument: 'after' })).toEqual({ _id: 1, v: 3 });
    expect(await coll.findOneAndReplace({ _id: 2 }, { v: 9 }, { upsert: true, returnDocument: 'after' })).toEqual({
      _id: 2,
      v: 9,
    });
  });

  it('gives the raw lastErrorObject', async () => {
    const coll = await collectionWith([{ _id: 1, n: 0 }]);
    const reply = await embedded().db.command({
      findAndModify: coll.collectionName,
      query: { _id: 7 },
      update: { $set: { n: 1 } },
      upsert: true,
      new: true,
    });
    expect(reply.ok).toBe(1);
    expect(reply.value).toEqual({ _id: 7, n: 1 });
    expect(reply.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false, upserted: 7 });
    const removed = await embedded().db.command({
      findAndModify: coll.collectionName,
      query: { _id: 1 },
      remove: true,
    });
    expect(removed.value).toEqual({ _id: 1, n: 0 });
    expect(removed.lastErrorObject).toMatchObject({ n: 1 });
  });
});

describe('count and distinct', () => {
  it('counts with a filter, skip and limit, and estimates the whole collection', async () => {
    const coll = await collectionWith(Array.from({ length: 12 }, (_, i) => ({ _id: i, odd: i % 2 === 1 })));
    expect(await coll.countDocuments()).toBe(12);
    expect(await coll.countDocuments({ odd: true })).toBe(6);
    expect(await coll.countDocuments({ odd: true }, { skip: 2, limit: 3 })).toBe(3);
    expect(await coll.estimatedDocumentCount()).toBe(12);
    expect(await embedded().db.collection('nothing').estimatedDocumentCount()).toBe(0);
  });

  it('lists distinct values, unwinding arrays, with a filter', async () => {
    const coll = await collectionWith([
      { _id: 1, tag: ['a', 'b'], n: 1 },
      { _id: 2, tag: 'b', n: 2 },
      { _id: 3, tag: 'c', n: 3 },
      { _id: 4, n: 4 },
    ]);
    expect((await coll.distinct('tag')).sort()).toEqual(['a', 'b', 'c']);
    expect((await coll.distinct('tag', { n: { $gte: 2 } })).sort()).toEqual(['b', 'c']);
  });
});
