import { type Loose, useEmbedded } from '../../helpers/embedded';

const embedded = useEmbedded({ dbName: 'aggregate_order' });
const db = () => embedded().db;

/** Field names in the order the reply holds them (toEqual ignores order; a client iterating does not). */
const keys = (doc: object | undefined) => Object.keys(doc ?? {});
const run = (pipeline: object[]) => db().collection<Loose>('posts').aggregate(pipeline).toArray();

beforeAll(async () => {
  await db()
    .collection<Loose>('posts')
    .insertOne({ _id: 1, title: 't', meta: { a: 1, b: 2 }, tags: ['x', 'y'], n: 3 });
  await db()
    .collection<Loose>('comments')
    .insertMany([
      { _id: 10, post: 1 },
      { _id: 11, post: 1 },
    ]);
});

describe('the field order of documents built by aggregation stages, as MongoDB 7', () => {
  it('$project: kept fields in document order with _id first, then computed ones in spec order', async () => {
    const [lookedUp] = await run([
      { $lookup: { from: 'comments', localField: '_id', foreignField: 'post', as: 'c' } },
      { $project: { count: { $size: '$c' } } },
    ]);
    expect(lookedUp).toEqual({ _id: 1, count: 2 });
    expect(keys(lookedUp)).toEqual(['_id', 'count']);
    const [mixed] = await run([{ $project: { z: { $literal: 1 }, n: 1, a: '$n', title: 1 } }]);
    expect(keys(mixed)).toEqual(['_id', 'title', 'n', 'z', 'a']);
    // A computed field named like a document field still comes after the kept ones.
    const [renamed] = await run([{ $project: { title: { $toUpper: '$title' }, n: 1 } }]);
    expect(keys(renamed)).toEqual(['_id', 'n', 'title']);
    const [nested] = await run([{ $project: { meta: { c: '$n', b: 1 } } }]);
    expect(nested).toEqual({ _id: 1, meta: { b: 2, c: 3 } });
    expect(keys(nested!.meta as object)).toEqual(['b', 'c']);
    expect(keys((await run([{ $project: { meta: 0 } }]))[0])).toEqual(['_id', 'title', 'tags', 'n']);
  });

  it('$addFields/$set keep existing fields in place and append new ones in spec order', async () => {
    const [doc] = await run([{ $set: { z: 1, title: 'u', y: 2, 'meta.c': 3 } }]);
    expect(keys(doc)).toEqual(['_id', 'title', 'meta', 'tags', 'n', 'z', 'y']);
    expect(keys(doc!.meta as object)).toEqual(['a', 'b', 'c']);
  });

  it('$group, $bucket and $bucketAuto answer _id first', async () => {
    const [group] = await run([{ $group: { _id: '$title', total: { $sum: '$n' }, count: { $sum: 1 } } }]);
    expect(keys(group)).toEqual(['_id', 'total', 'count']);
    const output = { t: { $sum: '$n' }, c: { $sum: 1 } };
    const [bucket] = await run([{ $bucket: { groupBy: '$n', boundaries: [0, 10], output } }]);
    expect(bucket).toEqual({ _id: 0, t: 3, c: 1 });
    expect(keys(bucket)).toEqual(['_id', 't', 'c']);
    expect(keys((await run([{ $bucket: { groupBy: '$n', boundaries: [0, 10] } }]))[0])).toEqual(['_id', 'count']);
    expect(keys((await run([{ $bucketAuto: { groupBy: '$n', buckets: 1 } }]))[0])).toEqual(['_id', 'count']);
  });

  it('$lookup, $unwind, $facet and $replaceRoot place fields as MongoDB does', async () => {
    const lookup = { from: 'comments', localField: '_id', foreignField: 'post', as: 'title' };
    const [looked] = await run([{ $lookup: lookup }]);
    expect(keys(looked)).toEqual(['_id', 'title', 'meta', 'tags', 'n']);
    const unwound = await run([{ $unwind: { path: '$tags', includeArrayIndex: 'i' } }]);
    expect(unwound.map(keys)).toEqual([0, 1].map(() => ['_id', 'title', 'meta', 'tags', 'n', 'i']));
    const [facets] = await run([{ $facet: { zeta: [{ $count: 'n' }], alpha: [{ $project: { t: '$title' } }] } }]);
    expect(keys(facets)).toEqual(['zeta', 'alpha']);
    expect(facets!.alpha).toEqual([{ _id: 1, t: 't' }]);
    expect(keys((await run([{ $replaceRoot: { newRoot: { y: '$n', x: '$title' } } }]))[0])).toEqual(['y', 'x']);
  });

  it('uses the pipeline variables of a $lookup in its $project and $match', async () => {
    const [doc] = await run([
      {
        $lookup: {
          from: 'comments',
          let: { postId: '$_id', title: '$title' },
          pipeline: [{ $match: { $expr: { $eq: ['$post', '$$postId'] } } }, { $project: { _id: 0, about: '$$title' } }],
          as: 'c',
        },
      },
      { $project: { c: 1 } },
    ]);
    expect(doc).toEqual({ _id: 1, c: [{ about: 't' }, { about: 't' }] });
  });

  it('refuses an empty $project as mongod does', async () => {
    await expect(run([{ $project: {} }])).rejects.toMatchObject({ code: 51272 });
  });
});

describe('the find projection', () => {
  it('keeps _id first and puts computed fields after the kept ones; { _id: 1 } alone keeps only _id', async () => {
    const posts = db().collection<Loose>('posts');
    const doc = await posts.findOne({ _id: 1 }, { projection: { n2: { $add: ['$n', 1] }, n: 1, title: 1 } });
    expect(keys(doc!)).toEqual(['_id', 'title', 'n', 'n2']);
    expect(await posts.findOne({ _id: 1 }, { projection: { _id: 1 } })).toEqual({ _id: 1 });
  });
});
