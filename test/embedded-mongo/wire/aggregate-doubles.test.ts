import { Double, Int32, Long } from 'mongodb';
import { useTypedReplies } from './typed-replies';

const { fresh } = useTypedReplies('aggdouble');

describe('a whole-number double computed in a pipeline stays a double, as mongod answers', () => {
  it('arithmetic with a double operand, $divide and $toDouble give doubles', async () => {
    const coll = await fresh([{ _id: 1, i: 2, h: 1.5 }]);
    const [row] = await coll
      .aggregate([
        {
          $project: {
            _id: 0,
            add: { $add: ['$h', 1.5] },
            sub: { $subtract: [2.5, 0.5] },
            mul: { $multiply: ['$i', '$h'] },
            div: { $divide: [4, 2] },
            toDouble: { $toDouble: '$i' },
            typeOfDiv: { $type: { $divide: [4, 2] } },
            nested: { $add: [{ $divide: [4, 2] }, 1] },
            ceil: { $ceil: 2.5 },
            sqrt: { $sqrt: 4 },
            ints: { $add: ['$i', 1] },
          },
        },
      ])
      .toArray();
    expect(row).toStrictEqual({
      add: new Double(3),
      sub: new Double(2),
      mul: new Double(3),
      div: new Double(2),
      toDouble: new Double(2),
      typeOfDiv: 'double',
      nested: new Double(3),
      ceil: new Double(3),
      sqrt: new Double(2),
      ints: new Int32(3),
    });
  });

  it('$sum of doubles and $avg give doubles in $group', async () => {
    const coll = await fresh([
      { _id: 1, d: 1.5, n: 2 },
      { _id: 2, d: 1.5, n: 2 },
    ]);
    const [row] = await coll
      .aggregate([{ $group: { _id: null, sum: { $sum: '$d' }, avg: { $avg: '$n' }, ints: { $sum: '$n' } } }])
      .toArray();
    expect(row).toStrictEqual({ _id: null, sum: new Double(3), avg: new Double(2), ints: new Int32(4) });
  });

  it('a stored whole-number double passes through $project, $addFields and $group as a double', async () => {
    const coll = await fresh([{ _id: 1, d: new Double(2), list: [new Double(1), 2] }]);
    const [projected] = await coll
      .aggregate([{ $project: { _id: 0, copy: '$d', list: 1, type: { $type: '$d' } } }])
      .toArray();
    expect(projected).toStrictEqual({ list: [new Double(1), new Int32(2)], copy: new Double(2), type: 'double' });
    const [added] = await coll.aggregate([{ $addFields: { copy: '$d' } }, { $project: { _id: 0, copy: 1 } }]).toArray();
    expect(added).toStrictEqual({ copy: new Double(2) });
    const [grouped] = await coll.aggregate([{ $group: { _id: '$d', first: { $first: '$d' } } }]).toArray();
    expect(grouped).toStrictEqual({ _id: new Double(2), first: new Double(2) });
  });

  it('a stored whole-number double still compares and looks up by value', async () => {
    const coll = await fresh([
      { _id: 1, d: new Double(2) },
      { _id: 2, d: 3 },
    ]);
    const rows = await coll
      .aggregate([
        { $project: { in: { $in: ['$d', [2, 5]] }, gt: { $gt: ['$d', 1] }, idx: { $indexOfArray: [[0, 2], '$d'] } } },
      ])
      .toArray();
    expect(rows).toStrictEqual([
      { _id: new Int32(1), in: true, gt: true, idx: new Int32(1) },
      { _id: new Int32(2), in: false, gt: true, idx: new Int32(-1) },
    ]);
    const [counted] = await coll.aggregate([{ $match: { d: 2 } }, { $count: 'n' }]).toArray();
    expect(counted).toStrictEqual({ n: new Int32(1) });
    const [sum] = await coll
      .aggregate([{ $group: { _id: null, s: { $sum: '$d' }, l: { $sum: Long.fromInt(1) } } }])
      .toArray();
    expect(sum).toStrictEqual({ _id: null, s: new Double(5), l: Long.fromInt(2) });
  });

  // Guards for the wrappers stages now see: these answered right when a whole double reached mingo
  // as a plain number, and must still.
  it('a whole-number double zero is false, and a double groups into buckets by value', async () => {
    const coll = await fresh([{ _id: 1, zero: new Double(0), two: new Double(2), list: [new Double(0), 2] }]);
    const [row] = await coll
      .aggregate([
        {
          $project: {
            _id: 0,
            cond: { $cond: ['$zero', 'yes', 'no'] },
            and: { $and: ['$two', '$zero'] },
            not: { $not: ['$zero'] },
            filtered: { $filter: { input: '$list', cond: '$$this' } },
            at: { $arrayElemAt: [[10, 20, 30], { $divide: [4, 2] }] },
          },
        },
      ])
      .toArray();
    expect(row).toStrictEqual({ cond: 'no', and: false, not: true, filtered: [new Int32(2)], at: new Int32(30) });
    const matched = await coll.aggregate([{ $match: { $expr: { $divide: ['$zero', 1] } } }]).toArray();
    expect(matched).toEqual([]);
    const buckets = await coll.aggregate([{ $bucket: { groupBy: '$two', boundaries: [0, 5] } }]).toArray();
    expect(buckets).toStrictEqual([{ _id: new Int32(0), count: new Int32(1) }]);
  });

  it('$addToSet keeps one of equal numbers as first seen; $stdDevPop is a double', async () => {
    const coll = await fresh([
      { _id: 1, v: new Double(2) },
      { _id: 2, v: 2 },
    ]);
    const [row] = await coll
      .aggregate([{ $sort: { _id: 1 } }, { $group: { _id: null, set: { $addToSet: '$v' }, sd: { $stdDevPop: '$v' } } }])
      .toArray();
    expect(row).toStrictEqual({ _id: null, set: [new Double(2)], sd: new Double(0) });
  });

  it('$graphLookup follows a whole-number double to an equal int', async () => {
    const coll = await fresh([
      { _id: 1, parent: null },
      { _id: 2, parent: new Double(1) },
    ]);
    const name = coll.collectionName;
    const [row] = await coll
      .aggregate([
        { $match: { _id: 2 } },
        {
          $graphLookup: {
            from: name,
            startWith: '$parent',
            connectFromField: 'parent',
            connectToField: '_id',
            as: 'up',
          },
        },
        { $project: { ids: '$up._id' } },
      ])
      .toArray();
    expect(row).toStrictEqual({ _id: new Int32(2), ids: [new Int32(1)] });
  });
});
