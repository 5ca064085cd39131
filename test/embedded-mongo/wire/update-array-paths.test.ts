import { type Loose, useEmbedded } from '../../helpers/embedded';

const embedded = useEmbedded({ dbName: 'arraypaths' });
let seq = 0;
const fresh = async (doc: Loose) => {
  const coll = embedded().db.collection<Loose>(`c${seq++}`);
  await coll.insertOne(doc);
  return coll;
};

describe('update paths through an array element by index', () => {
  it('$set, $inc and $unset reach into the element', async () => {
    const coll = await fresh({ _id: 1, items: [{ qty: 1 }, { qty: 2 }] });
    await coll.updateOne({ _id: 1 }, { $set: { 'items.1.qty': 5 } });
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, items: [{ qty: 1 }, { qty: 5 }] });
    await coll.updateOne({ _id: 1 }, { $inc: { 'items.0.qty': 1 }, $unset: { 'items.1.qty': '' } });
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, items: [{ qty: 2 }, {}] });
  });

  it('past the end pads with nulls; $unset of an element sets it to null', async () => {
    const coll = await fresh({ _id: 1, items: [{ qty: 1 }, { qty: 2 }] });
    await coll.updateOne({ _id: 1 }, { $set: { 'items.3': 7 } });
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, items: [{ qty: 1 }, { qty: 2 }, null, 7] });
    await coll.updateOne({ _id: 1 }, { $inc: { 'items.5.qty': 1 } });
    expect((await coll.findOne({ _id: 1 }))!.items.slice(4)).toEqual([null, { qty: 1 }]);
    await coll.updateOne({ _id: 1 }, { $unset: { 'items.0': '' } });
    expect((await coll.findOne({ _id: 1 }))!.items[0]).toBeNull();
  });

  it('a path through a scalar is PathNotViable', async () => {
    const coll = await fresh({ _id: 1, a: 1, items: [1] });
    await expect(coll.updateOne({ _id: 1 }, { $set: { 'a.x': 1 } })).rejects.toMatchObject({
      code: 28,
      message: "Cannot create field 'x' in element {a: 1}",
    });
    await expect(coll.updateOne({ _id: 1 }, { $set: { 'items.0.x': 1 } })).rejects.toMatchObject({
      code: 28,
      message: "Cannot create field 'x' in element {0: 1}",
    });
  });
});
