/**
 * `maxTimeMS` (issue 14): a query past its time limit stops with MongoDB's MaxTimeMSExpired (50), as mongod
 * does, instead of scanning to the end for a client that has given up; 0 means no limit; a bad value is
 * BadValue. The app maps code 50 to 503 `unavailable`.
 */
import { MongoServerError } from 'mongodb';
import { toAppError } from '../../../server/lib/error-mapping';
import { useEmbedded } from '../../helpers/embedded';

const h = useEmbedded();
const DOCS = 60_000;

beforeAll(async () => {
  const docs = Array.from({ length: DOCS }, (_, i) => ({
    i,
    text: `document number ${i} with some text to match against`,
  }));
  await h().db.collection('big').insertMany(docs);
}, 60_000);

// A regex no document matches: every one of the 60,000 is examined (no index), which takes far more than 1 ms.
const slowFilter = { text: { $regex: 'no such (words|phrase)+ here$' } };

test('a collection scan past maxTimeMS fails with MaxTimeMSExpired (50)', async () => {
  const err = await h()
    .db.collection('big')
    .find(slowFilter)
    .maxTimeMS(1)
    .toArray()
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(MongoServerError);
  expect(err).toMatchObject({ code: 50, codeName: 'MaxTimeMSExpired' });
  expect(toAppError(err).toEnvelope()).toMatchObject({ error: { code: 'unavailable' } });
  expect(toAppError(err).status).toBe(503);
});

test('the same query without a limit, with 0, or with a generous one answers', async () => {
  expect(await h().db.collection('big').find(slowFilter).toArray()).toEqual([]);
  expect(await h().db.collection('big').find(slowFilter).maxTimeMS(0).toArray()).toEqual([]);
  expect(
    await h()
      .db.collection('big')
      .countDocuments({ i: { $gte: 0 } }, { maxTimeMS: 60_000 }),
  ).toBe(DOCS);
});

test('a negative or fractional maxTimeMS is BadValue', async () => {
  for (const maxTimeMS of [-1, 1.5]) {
    const err = await h()
      .db.command({ find: 'big', filter: {}, limit: 1, maxTimeMS })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 2, codeName: 'BadValue' });
  }
});
