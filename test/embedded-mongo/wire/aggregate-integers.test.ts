import { Double, Int32 } from 'mongodb';
import type { Loose } from '../../helpers/embedded';
import { long, useTypedReplies } from './typed-replies';

const { fresh } = useTypedReplies('aggint');
const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

const projectOne = async (doc: Loose, project: Loose) => {
  const coll = await fresh([{ _id: 1, ...doc }]);
  const [row] = await coll.aggregate([{ $project: { _id: 0, ...project } }]).toArray();
  return row;
};

describe('int arithmetic that overflows 32 bits gives a long, as mongod', () => {
  it('$add, $subtract and $multiply of ints', async () => {
    const row = await projectOne(
      { max: INT_MAX, min: INT_MIN },
      {
        add: { $add: ['$max', 1] },
        sub: { $subtract: ['$min', 1] },
        mul: { $multiply: [65536, 65536] },
        small: { $add: ['$max', -1] },
        backInRange: { $add: ['$max', 1, -1] },
      },
    );
    expect(row).toStrictEqual({
      add: long(2147483648),
      sub: long(-2147483649),
      mul: long(4294967296),
      small: new Int32(INT_MAX - 1),
      backInRange: new Int32(INT_MAX),
    });
  });

  it('$sum of ints past 32 bits is a long', async () => {
    const coll = await fresh([
      { _id: 1, v: INT_MAX },
      { _id: 2, v: INT_MAX },
    ]);
    const [row] = await coll.aggregate([{ $group: { _id: null, s: { $sum: '$v' } } }]).toArray();
    expect(row).toStrictEqual({ _id: null, s: long(2 * INT_MAX) });
  });
});

describe('the other numeric operators keep a long a long, as mongod', () => {
  it('$abs, $mod, $ceil, $floor, $round, $trunc', async () => {
    const row = await projectOne(
      { l: long(-7), min: INT_MIN },
      {
        abs: { $abs: '$l' },
        absIntMin: { $abs: '$min' },
        mod: { $mod: ['$l', 4] },
        modInts: { $mod: [7, 4] },
        modIntByWholeDouble: { $mod: [7, new Double(4)] },
        modDouble: { $mod: [7.5, 2] },
        ceil: { $ceil: '$l' },
        floor: { $floor: '$l' },
        round: { $round: [long(1250), -2] },
        trunc: { $trunc: ['$l', 0] },
        roundInt: { $round: [1250, -2] },
      },
    );
    expect(row).toStrictEqual({
      abs: long(7),
      absIntMin: long(2147483648),
      mod: long(-3),
      modInts: new Int32(3),
      modIntByWholeDouble: new Int32(3),
      modDouble: new Double(1.5),
      ceil: long(-7),
      floor: long(-7),
      round: long(1200),
      trunc: long(-7),
      roundInt: new Int32(1200),
    });
  });

  it('$divide of longs is a double; $max/$min keep the value as it is', async () => {
    const row = await projectOne(
      { l: long(4) },
      { div: { $divide: ['$l', 2] }, max: { $max: ['$l', 1] }, min: { $min: ['$l', 9.5] } },
    );
    expect(row).toStrictEqual({ div: new Double(2), max: long(4), min: long(4) });
  });

  it('$toLong, $toInt and $convert give the asked type', async () => {
    const row = await projectOne(
      { l: long(5), d: 2.9 },
      {
        toLong: { $toLong: 5 },
        toLongOfDouble: { $toLong: '$d' },
        toInt: { $toInt: '$l' },
        toDouble: { $toDouble: '$l' },
        convertLong: { $convert: { input: 5, to: 'long' } },
        convertDouble: { $convert: { input: '$l', to: 'double' } },
        convertInt: { $convert: { input: '$l', to: 16 } },
        convertFailed: { $convert: { input: 'x', to: 'long', onError: 'bad' } },
        convertNull: { $convert: { input: null, to: 'long', onNull: long(0) } },
      },
    );
    expect(row).toStrictEqual({
      toLong: long(5),
      toLongOfDouble: long(2),
      toInt: new Int32(5),
      toDouble: new Double(5),
      convertLong: long(5),
      convertDouble: new Double(5),
      convertInt: new Int32(5),
      convertFailed: 'bad',
      convertNull: long(0),
    });
  });
});

it('a pipeline-style update computes and stores typed numbers, as mongod', async () => {
  const coll = await fresh([{ _id: 1, l: long(5), d: new Double(2), i: INT_MAX }]);
  await coll.updateOne({ _id: 1 }, [
    { $set: { l: { $add: ['$l', 1] }, half: { $divide: ['$d', 2] }, over: { $add: ['$i', 1] }, copy: '$d' } },
  ]);
  expect(await coll.findOne({ _id: 1 })).toStrictEqual({
    _id: new Int32(1),
    l: long(6),
    d: new Double(2),
    i: new Int32(INT_MAX),
    half: new Double(1),
    over: long(2147483648),
    copy: new Double(2),
  });
});
