import mongoose, { Schema } from 'mongoose';
import { connectMongoose, useEmbedded } from '../../helpers/embedded';

const embedded = useEmbedded({ dbName: 'mongoose_indexes' });
let conn: mongoose.Connection;

beforeAll(async () => {
  conn = await connectMongoose(embedded().server, 'mongoose_indexes');
});
afterAll(() => conn.close());

/** What mongoose rejects with, for asserting on its fields. */
async function rejection(
  operation: Promise<unknown>,
): Promise<{ code?: number; keyValue?: unknown; keyPattern?: unknown; message: string }> {
  const outcome = await operation.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!outcome) throw new Error('expected the operation to fail');
  return outcome as { code?: number; keyValue?: unknown; message: string };
}

const userSchema = new Schema({ email: { type: String, unique: true }, org: String, handle: String, stale: Number });
userSchema.index({ org: 1, handle: 1 }, { unique: true });

describe('indexes declared in mongoose schemas', () => {
  it('creates the schema indexes on init()', async () => {
    const User = conn.model('User', userSchema);
    await User.init();
    const indexes = await User.collection.listIndexes().toArray();
    expect(indexes.map((i) => [i.name, i.key, !!i.unique])).toEqual([
      ['_id_', { _id: 1 }, false],
      ['email_1', { email: 1 }, true],
      ['org_1_handle_1', { org: 1, handle: 1 }, true],
    ]);
  });

  it('reports a duplicate unique field as a normal E11000', async () => {
    const User = conn.model('User');
    await User.create({ email: 'ada@example.com', org: 'o', handle: 'ada' });
    const err = await rejection(User.create({ email: 'ada@example.com', org: 'o', handle: 'other' }));
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ email: 'ada@example.com' });
    expect(err.keyPattern).toEqual({ email: 1 });
    expect(err.message).toContain(
      'E11000 duplicate key error collection: mongoose_indexes.users index: email_1 dup key: { email: "ada@example.com" }',
    );
  });

  it('reports a duplicate in the compound unique index', async () => {
    const User = conn.model('User');
    await User.create({ email: 'b@example.com', org: 'acme', handle: 'bob' });
    await User.create({ email: 'c@example.com', org: 'other', handle: 'bob' });
    const err = await rejection(User.create({ email: 'd@example.com', org: 'acme', handle: 'bob' }));
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ org: 'acme', handle: 'bob' });
    expect(await User.countDocuments({ handle: 'bob' })).toBe(2);
  });

  it('drops indexes the schema no longer declares with syncIndexes()', async () => {
    const User = conn.model('User');
    await User.collection.createIndex({ stale: 1 });
    const dropped = await User.syncIndexes();
    expect(dropped).toEqual(['stale_1']);
    const names = (await User.collection.listIndexes().toArray()).map((i) => i.name);
    expect(names).toEqual(['_id_', 'email_1', 'org_1_handle_1']);
    // A second sync has nothing left to do.
    expect(await User.syncIndexes()).toEqual([]);
  });

  it('lets a sparse unique index skip documents without the field', async () => {
    const schema = new Schema({ nick: { type: String, unique: true, sparse: true }, n: Number });
    const Member = conn.model('Member', schema);
    await Member.init();
    await Member.create([{ n: 1 }, { n: 2 }, { nick: 'zed', n: 3 }]);
    const err = await rejection(Member.create({ nick: 'zed', n: 4 }));
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ nick: 'zed' });
    expect(await Member.countDocuments()).toBe(3);
  });

  it('enforces a partial unique index only on the documents it covers', async () => {
    const schema = new Schema({ code: String, active: Boolean });
    schema.index({ code: 1 }, { unique: true, partialFilterExpression: { active: true } });
    const Coupon = conn.model('Coupon', schema);
    await Coupon.init();
    await Coupon.create([
      { code: 'SAVE', active: false },
      { code: 'SAVE', active: false },
      { code: 'SAVE', active: true },
    ]);
    const err = await rejection(Coupon.create({ code: 'SAVE', active: true }));
    expect(err.code).toBe(11000);
    // Deactivating the covered one leaves room for another active one.
    await Coupon.updateOne({ code: 'SAVE', active: true }, { $set: { active: false } });
    await expect(Coupon.create({ code: 'SAVE', active: true })).resolves.toBeDefined();
    expect(await Coupon.countDocuments({ code: 'SAVE' })).toBe(4);
  });

  it('treats case variants as duplicates under a strength-2 collation', async () => {
    const schema = new Schema({ name: String });
    schema.index({ name: 1 }, { unique: true, collation: { locale: 'en', strength: 2 } });
    const Person = conn.model('Person', schema);
    await Person.init();
    const [index] = (await Person.collection.listIndexes().toArray()).filter((i) => i.name === 'name_1');
    expect(index?.collation).toMatchObject({ locale: 'en', strength: 2 });

    await Person.create({ name: 'Alice' });
    const err = await rejection(Person.create({ name: 'alice' }));
    expect(err.code).toBe(11000);
    await Person.create({ name: 'Alicia' });
    expect((await Person.find().sort({ name: 1 })).map((p) => p.name)).toEqual(['Alice', 'Alicia']);
    const found = await Person.find({ name: 'ALICE' }).collation({ locale: 'en', strength: 2 });
    expect(found.map((p) => p.name)).toEqual(['Alice']);
  });
});
