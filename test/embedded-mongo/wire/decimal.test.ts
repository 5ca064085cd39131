import { Decimal128 } from 'mongodb';
import { type Loose, useEmbedded } from '../../helpers/embedded';

const embedded = useEmbedded({ dbName: 'decimal' });
const db = () => embedded().db;

const dec = (s: string) => Decimal128.fromString(s);
const BIG = '1234567890123456789012345678901234'; // 34 digits: beyond what a double holds

let seq = 0;
const freshCollection = () => db().collection<Loose>(`c${seq++}`);

describe('Decimal128 arithmetic is exact', () => {
  it('$inc and $mul compute in decimal, also with a double or an int operand', async () => {
    const coll = freshCollection();
    await coll.insertOne({ _id: 1, price: dec('0.1'), big: dec(BIG), n: dec('1.1') });
    await coll.updateOne({ _id: 1 }, { $inc: { price: dec('0.2'), big: 1 }, $mul: { n: 3 } });
    const doc = await coll.findOne({ _id: 1 });
    expect(doc!.price).toEqual(dec('0.3'));
    expect(doc!.big).toEqual(dec('1234567890123456789012345678901235'));
    expect(doc!.n).toEqual(dec('3.3'));
    // A double operand counts with its 15 significant digits, as mongod converts it.
    await coll.updateOne({ _id: 1 }, { $inc: { price: 0.1 } });
    expect((await coll.findOne({ _id: 1 }))!.price).toEqual(dec('0.4'));
  });

  it('aggregation $add, $subtract, $multiply, $divide and $sum keep decimals exact and typed', async () => {
    const coll = freshCollection();
    await coll.insertMany([
      { _id: 1, a: dec('0.1'), b: dec('0.2'), big: dec(BIG) },
      { _id: 2, a: dec('0.2'), b: 1, big: dec('1') },
    ]);
    const [row] = await coll
      .aggregate([
        { $match: { _id: 1 } },
        {
          $project: {
            sum: { $add: ['$a', '$b'] },
            diff: { $subtract: ['$big', 1] },
            product: { $multiply: ['$a', 3] },
            third: { $divide: [dec('1'), 3] },
            type: { $type: '$a' },
          },
        },
      ])
      .toArray();
    expect(row).toEqual({
      _id: 1,
      sum: dec('0.3'),
      diff: dec('1234567890123456789012345678901233'),
      product: dec('0.3'),
      third: dec('0.3333333333333333333333333333333333'),
      type: 'decimal',
    });
    const sums = { _id: null, a: { $sum: '$a' }, big: { $sum: '$big' } };
    const [total] = await coll.aggregate([{ $group: sums }]).toArray();
    expect(total).toEqual({ _id: null, a: dec('0.3'), big: dec('1234567890123456789012345678901235') });
    const byZero = coll.aggregate([{ $project: { x: { $divide: ['$a', 0] } } }]).toArray();
    await expect(byZero).rejects.toMatchObject({ code: 2, message: "can't $divide by zero" });
  });

  it('compares decimals exactly in filters, sorts, $expr and unique keys', async () => {
    const coll = freshCollection();
    await coll.createIndex({ v: 1 }, { unique: true });
    await coll.insertMany([
      { _id: 1, v: dec(BIG) },
      { _id: 2, v: dec('1234567890123456789012345678901235') }, // differs in the 34th digit only
      { _id: 3, v: dec('0.1') },
    ]);
    expect((await coll.find({ v: { $gt: dec(BIG) } }).toArray()).map((d) => d._id)).toEqual([2]);
    expect((await coll.find({ v: dec(BIG) }).toArray()).map((d) => d._id)).toEqual([1]);
    expect((await coll.find().sort({ v: -1 }).toArray()).map((d) => d._id)).toEqual([2, 1, 3]);
    const below = await coll.find({ $expr: { $lt: ['$v', dec('1234567890123456789012345678901235')] } }).toArray();
    expect(below.map((d) => d._id)).toEqual([1, 3]);
    // The double 0.1 is 0.1000000000000000055…: not the decimal 0.1, as in mongod.
    expect(await coll.countDocuments({ v: 0.1 })).toBe(0);
    const again = coll.insertOne({ _id: 4, v: dec('1234567890123456789012345678901235') });
    await expect(again).rejects.toMatchObject({ code: 11000 });
    // Equal numbers are one key whatever their type.
    await coll.insertOne({ _id: 5, v: 7 });
    await expect(coll.insertOne({ _id: 6, v: dec('7.0') })).rejects.toMatchObject({ code: 11000 });
  });
});

describe('Decimal128 stored values', () => {
  it('keep their trailing zeros and match an equal decimal by value', async () => {
    const coll = freshCollection();
    await coll.insertOne({ _id: 1, d: dec('1.50') });
    expect((await coll.findOne({ _id: 1 }))!.d.toString()).toBe('1.50');
    expect(await coll.findOne({ d: dec('1.5') })).toEqual({ _id: 1, d: dec('1.50') });
    expect(await coll.findOne({ d: 1.5 })).toEqual({ _id: 1, d: dec('1.50') });
  });
});
