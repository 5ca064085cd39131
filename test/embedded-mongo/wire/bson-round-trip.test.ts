import {
  Binary,
  BSON,
  BSONRegExp,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
  UUID,
  type Document,
} from 'mongodb';
import { type Loose, useEmbedded } from '../../helpers/embedded';

const embedded = useEmbedded({ dbName: 'bson' });
const coll = () => embedded().db.collection<Loose>('values');
/** Reads with every value (regular expressions too) in its BSON wrapper, so that a type change cannot hide behind a JS number. */
const exact = { promoteValues: false, promoteLongs: false, promoteBuffers: false, bsonRegExp: true } as const;

const uuid = new UUID('0f8fad5b-d9cb-469f-a165-70867728950e');
const original: Document = {
  _id: new ObjectId('65f0a1b2c3d4e5f601234567'),
  date: new Date('2024-02-29T12:34:56.789Z'),
  beforeEpoch: new Date(-86_400_000),
  long: Long.fromString('9007199254740993'),
  smallLong: Long.fromNumber(5),
  negativeLong: Long.fromString('-9223372036854775808'),
  int: new Int32(7),
  wholeDouble: new Double(1),
  fraction: new Double(1.5),
  negativeZero: new Double(-0),
  decimal: Decimal128.fromString('1.10'),
  binary: new Binary(Buffer.from([0, 1, 2, 255])),
  uuid: uuid.toBinary(),
  nothing: null,
  text: 'héllo \u{1F600}',
  flag: false,
  regex: new BSONRegExp('ab+c', 'i'),
  timestamp: new Timestamp({ t: 1_700_000_000, i: 7 }),
  min: new MinKey(),
  max: new MaxKey(),
  nested: { list: [[new Int32(1), 'two', [new Double(3)]], { deeper: [new Date(0), null] }], empty: {}, none: [] },
};

beforeAll(async () => {
  await coll().insertOne(original);
});

describe('BSON values round-trip through the server', () => {
  it('gives back the very bytes that were written', async () => {
    const [raw] = await coll().find({ _id: original._id }, { raw: true }).toArray();
    expect(Buffer.from(raw as unknown as Uint8Array).equals(Buffer.from(BSON.serialize(original)))).toBe(true);
  });

  it('keeps every numeric type apart', async () => {
    const doc = await coll().findOne({ _id: original._id }, exact);
    expect(doc?.long).toBeInstanceOf(Long);
    expect(doc?.long.toString()).toBe('9007199254740993');
    expect(doc?.smallLong).toBeInstanceOf(Long);
    expect(doc?.negativeLong.toString()).toBe('-9223372036854775808');
    expect(doc?.int).toBeInstanceOf(Int32);
    expect(doc?.int.value).toBe(7);
    // A whole-number double must stay a double, not turn into an int32.
    expect(doc?.wholeDouble).toBeInstanceOf(Double);
    expect(doc?.wholeDouble.value).toBe(1);
    expect(doc?.fraction).toBeInstanceOf(Double);
    expect(Object.is(doc?.negativeZero.value, -0)).toBe(true);
    expect(doc?.decimal).toBeInstanceOf(Decimal128);
    expect(doc?.decimal.toString()).toBe('1.10');
  });

  it('keeps ids, dates, binaries and the other types', async () => {
    const doc = await coll().findOne({ _id: original._id }, exact);
    expect(doc?._id).toBeInstanceOf(ObjectId);
    expect((doc?._id as ObjectId).toHexString()).toBe('65f0a1b2c3d4e5f601234567');
    expect(doc?.date).toEqual(new Date('2024-02-29T12:34:56.789Z'));
    expect(doc?.beforeEpoch).toEqual(new Date(-86_400_000));
    expect(doc?.binary).toBeInstanceOf(Binary);
    expect(doc?.binary.sub_type).toBe(0);
    expect([...(doc?.binary as Binary).buffer]).toEqual([0, 1, 2, 255]);
    expect(doc?.uuid.sub_type).toBe(4);
    expect((doc?.uuid as Binary).toUUID().toHexString()).toBe(uuid.toHexString());
    expect(doc?.regex).toBeInstanceOf(BSONRegExp);
    expect(doc?.timestamp).toBeInstanceOf(Timestamp);
    expect(doc?.timestamp.t).toBe(1_700_000_000);
    expect(doc?.min).toBeInstanceOf(MinKey);
    expect(doc?.max).toBeInstanceOf(MaxKey);
    expect(doc?.text).toBe('héllo \u{1F600}');
  });

  it('keeps nested arrays and documents, including empty ones', async () => {
    const doc = await coll().findOne({ _id: original._id });
    expect(doc?.nested).toEqual({ list: [[1, 'two', [3]], { deeper: [new Date(0), null] }], empty: {}, none: [] });
  });

  it('tells a null field from a missing one', async () => {
    const doc = await coll().findOne({ _id: original._id });
    expect(doc).toHaveProperty('nothing', null);
    expect(doc).not.toHaveProperty('absent');
    await coll().insertOne({ _id: 'no-fields' });
    // { f: null } matches both; $exists tells them apart; $type: 'null' only the explicit null.
    expect(await coll().countDocuments({ nothing: null })).toBe(2);
    expect(await coll().countDocuments({ nothing: { $exists: true } })).toBe(1);
    expect(await coll().countDocuments({ nothing: { $type: 'null' } })).toBe(1);
    await coll().deleteOne({ _id: 'no-fields' });
  });

  it('matches a Long above 2^53 exactly, and numbers across types', async () => {
    expect(await coll().countDocuments({ long: Long.fromString('9007199254740993') })).toBe(1);
    expect(await coll().countDocuments({ long: Long.fromString('9007199254740992') })).toBe(0);
    expect(await coll().countDocuments({ wholeDouble: new Int32(1) })).toBe(1);
    expect(await coll().countDocuments({ int: 7.0 })).toBe(1);
    expect(await coll().countDocuments({ decimal: Decimal128.fromString('1.1') })).toBe(1);
  });

  it('keeps number types through updates as mongod does', async () => {
    await coll().insertOne({ _id: 'math', d: new Double(1), i: new Int32(2), l: Long.fromNumber(3) });
    await coll().updateOne({ _id: 'math' }, { $inc: { d: new Int32(1), i: new Int32(1), l: new Int32(1) } });
    const doc = await coll().findOne({ _id: 'math' }, exact);
    expect(doc?.d).toBeInstanceOf(Double);
    expect(doc?.d.value).toBe(2);
    expect(doc?.i).toBeInstanceOf(Int32);
    expect(doc?.i.value).toBe(3);
    expect(doc?.l).toBeInstanceOf(Long);
    expect(doc?.l.toNumber()).toBe(4);
  });
});
