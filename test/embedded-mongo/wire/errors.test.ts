import { MongoServerError } from 'mongodb';
import { type Loose, useEmbedded } from '../../helpers/embedded';

const embedded = useEmbedded({ dbName: 'errors' });
const db = () => embedded().db;

/** The error an operation fails with; fails the test when it succeeds. */
async function failure(operation: Promise<unknown>): Promise<MongoServerError> {
  const outcome = await operation.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a server error, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(MongoServerError);
  return outcome.error as MongoServerError;
}

describe('MongoDB error codes', () => {
  it('answers CommandNotFound (59) naming an unknown command', async () => {
    const err = await failure(db().command({ frobnicate: 1 }));
    expect(err.code).toBe(59);
    expect(err.codeName).toBe('CommandNotFound');
    expect(err.message).toContain('frobnicate');
  });

  it('refuses transactions with IllegalOperation (20), saying they are not supported', async () => {
    const coll = db().collection<Loose>('txn');
    const session = embedded().client.startSession();
    try {
      session.startTransaction();
      // A read in a transaction surfaces the server's error as it is.
      const read = await failure(coll.findOne({}, { session }));
      expect(read.code).toBe(20);
      expect(read.codeName).toBe('IllegalOperation');
      expect(read.message).toMatch(/transactions are not supported/i);
      // For a write, the driver wraps every code-20 answer in its own "does not support retryable writes"
      // error (as it does for a real standalone mongod) and keeps the server's answer as originalError.
      const write = await failure(coll.insertOne({ _id: 'in-txn' }, { session }));
      const original = write.originalError as MongoServerError | undefined;
      expect(original).toBeInstanceOf(MongoServerError);
      expect(original?.code).toBe(20);
      expect(original?.codeName).toBe('IllegalOperation');
      expect(original?.message).toMatch(/transactions are not supported/i);
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    expect(await coll.countDocuments({ _id: 'in-txn' })).toBe(0);
  });

  it('names an unknown query operator (BadValue, 2)', async () => {
    await db().collection<Loose>('q').insertOne({ a: 1 });
    const err = await failure(
      db()
        .collection<Loose>('q')
        .find({ a: { $frob: 1 } })
        .toArray(),
    );
    expect(err.code).toBe(2);
    expect(err.message).toContain('unknown operator: $frob');
    const top = await failure(
      db()
        .collection<Loose>('q')
        .find({ $frob: [{ a: 1 }] })
        .toArray(),
    );
    expect(top.code).toBe(2);
    expect(top.message).toContain('$frob');
  });

  it('names an unknown update modifier (FailedToParse, 9)', async () => {
    await db().collection<Loose>('u').insertOne({ _id: 1, a: 1 });
    const err = await failure(
      db()
        .collection<Loose>('u')
        .updateOne({ _id: 1 }, { $frob: { a: 2 } }),
    );
    expect(err.code).toBe(9);
    expect(err.message).toContain('Unknown modifier: $frob');
    expect(await db().collection<Loose>('u').findOne({ _id: 1 })).toEqual({ _id: 1, a: 1 });
  });

  it('refuses to change _id with ImmutableField (66)', async () => {
    const coll = db().collection<{ _id: number; a?: number }>('immutable');
    await coll.insertOne({ _id: 1, a: 1 });
    const set = await failure(coll.updateOne({ _id: 1 }, { $set: { _id: 2 } }));
    expect(set.code).toBe(66);
    expect(set.message).toContain("'_id'");
    const replace = await failure(coll.replaceOne({ _id: 1 }, { _id: 2, a: 5 } as { a: number }));
    expect(replace.code).toBe(66);
    // Setting _id to the value it has is not a change.
    await expect(coll.updateOne({ _id: 1 }, { $set: { _id: 1, a: 3 } })).resolves.toMatchObject({ modifiedCount: 1 });
    expect(await coll.find().toArray()).toEqual([{ _id: 1, a: 3 }]);
  });

  it('refuses $inc on a string with TypeMismatch (14)', async () => {
    const coll = db().collection<Loose>('typed');
    await coll.insertOne({ _id: 1, a: 'text' });
    const err = await failure(coll.updateOne({ _id: 1 }, { $inc: { a: 1 } }));
    expect(err.code).toBe(14);
    expect(err.message).toContain('Cannot apply $inc to a value of non-numeric type');
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, a: 'text' });
  });

  it('reports a duplicate _id as E11000 with keyPattern, keyValue and mongod’s message', async () => {
    const coll = db().collection<Loose>('dup_id');
    await coll.insertOne({ _id: 1 });
    const err = await failure(coll.insertOne({ _id: 1 }));
    expect(err.code).toBe(11000);
    expect(err.message).toBe('E11000 duplicate key error collection: errors.dup_id index: _id_ dup key: { _id: 1 }');
    expect(err.keyPattern).toEqual({ _id: 1 });
    expect(err.keyValue).toEqual({ _id: 1 });
  });

  it('reports a duplicate in a compound unique index the same way', async () => {
    const coll = db().collection<Loose>('dup_compound');
    await coll.createIndex({ email: 1, tenant: -1 }, { unique: true });
    await coll.insertOne({ email: 'a@example.com', tenant: 7 });
    await coll.insertOne({ email: 'a@example.com', tenant: 8 });
    const err = await failure(coll.insertOne({ email: 'a@example.com', tenant: 7 }));
    expect(err.code).toBe(11000);
    expect(err.message).toBe(
      'E11000 duplicate key error collection: errors.dup_compound index: email_1_tenant_-1 dup key: { email: "a@example.com", tenant: 7 }',
    );
    expect(err.keyPattern).toEqual({ email: 1, tenant: -1 });
    expect(err.keyValue).toEqual({ email: 'a@example.com', tenant: 7 });
  });

  it('reports a duplicate key caused by an update', async () => {
    const coll = db().collection<Loose>('dup_update');
    await coll.createIndex({ name: 1 }, { unique: true });
    await coll.insertMany([
      { _id: 1, name: 'a' },
      { _id: 2, name: 'b' },
    ]);
    const err = await failure(coll.updateOne({ _id: 2 }, { $set: { name: 'a' } }));
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ name: 'a' });
    expect(await coll.findOne({ _id: 2 })).toEqual({ _id: 2, name: 'b' });
  });

  it('keeps serving the connection after every error above', async () => {
    expect(await db().command({ ping: 1 })).toEqual({ ok: 1 });
  });
});
