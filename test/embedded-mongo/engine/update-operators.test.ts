import { Decimal128, Double, Long, ObjectId, Timestamp } from 'bson';
import { applyUpdate } from '../../../server/embedded-mongo/engine/update';
import type { Doc } from '../../../server/embedded-mongo/engine/values';
import { expectMongoError } from './expect-mongo-error';

const update = (doc: Doc, u: Doc, extra: { isUpsertInsert?: boolean; now?: Date } = {}) =>
  applyUpdate(doc, u, { filter: {}, ...extra });
const after = (doc: Doc, u: Doc, extra: { isUpsertInsert?: boolean; now?: Date } = {}) => update(doc, u, extra).doc;

describe('$set and $unset', () => {
  it('sets top-level and dotted fields, creating subdocuments, without touching the input', () => {
    const doc = { _id: 1, a: { b: 1 }, list: [{ x: 1 }] };
    const result = update(doc, { $set: { 'a.c': 2, 'n.m': 3, 'list.0.x': 9 } });
    expect(result).toEqual({ doc: { _id: 1, a: { b: 1, c: 2 }, list: [{ x: 9 }], n: { m: 3 } }, modified: true });
    expect(doc).toEqual({ _id: 1, a: { b: 1 }, list: [{ x: 1 }] });
  });

  it('adds new fields in lexicographic order, as MongoDB 5+ does', () => {
    expect(Object.keys(after({ _id: 1 }, { $set: { z: 1, b: 1, a: 1 } }))).toEqual(['_id', 'a', 'b', 'z']);
  });

  it('pads arrays with nulls when setting past the end', () => {
    expect(after({ _id: 1, a: [1] }, { $set: { 'a.3': 4 } })).toEqual({ _id: 1, a: [1, null, null, 4] });
  });

  it('refuses to create a field inside a scalar or an array', () => {
    expectMongoError(
      () => update({ _id: 1, a: 1 }, { $set: { 'a.b': 1 } }),
      'PathNotViable',
      "Cannot create field 'b' in element {a: 1}",
    );
    expectMongoError(
      () => update({ _id: 1, a: [1, 2] }, { $set: { 'a.b': 1 } }),
      'PathNotViable',
      "Cannot create field 'b' in element {a: [ 1, 2 ]}",
    );
  });

  it('reports no modification when the value is already there, but does for another numeric type', () => {
    const doc = { _id: 1, a: 1, b: { c: [1, 2] } };
    expect(update(doc, { $set: { a: 1, b: { c: [1, 2] } } })).toEqual({ doc, modified: false });
    expect(update(doc, { $set: {} }).modified).toBe(false);
    expect(update(doc, { $set: { a: new Double(1) } }).modified).toBe(true);
  });

  it('unsets fields, leaves null in arrays and ignores missing paths', () => {
    expect(after({ _id: 1, a: 1, b: { c: 1, d: 2 } }, { $unset: { a: '', 'b.c': 1 } })).toEqual({
      _id: 1,
      b: { d: 2 },
    });
    expect(after({ _id: 1, a: [1, 2, 3] }, { $unset: { 'a.1': '' } })).toEqual({ _id: 1, a: [1, null, 3] });
    expect(update({ _id: 1 }, { $unset: { 'x.y': '' } }).modified).toBe(false);
  });
});

describe('$inc and $mul', () => {
  it('keeps int32 arithmetic int32 and widens to long on overflow', () => {
    expect(after({ _id: 1, n: 1 }, { $inc: { n: 2 } })).toEqual({ _id: 1, n: 3 });
    const overflow = after({ _id: 1, n: 2147483647 }, { $inc: { n: 1 } }).n;
    expect(overflow).toBeInstanceOf(Long);
    expect((overflow as Long).toString()).toBe('2147483648');
    const product = after({ _id: 1, n: 65536 }, { $mul: { n: 65536 } }).n as Long;
    expect(product).toBeInstanceOf(Long);
    expect(product.toString()).toBe('4294967296');
  });

  it('keeps a Long a Long, exactly beyond 2^53', () => {
    const n = after({ _id: 1, n: Long.fromString('9007199254740993') }, { $inc: { n: 1 } }).n;
    expect(n).toBeInstanceOf(Long);
    expect((n as Long).toString()).toBe('9007199254740994');
    const m = after({ _id: 1, n: 5 }, { $inc: { n: Long.fromNumber(1) } }).n;
    expect(m).toBeInstanceOf(Long);
    expect((m as Long).toNumber()).toBe(6);
  });

  it('gives a double when either side is a double, wrapped when it would read back as an int', () => {
    expect(after({ _id: 1, n: 1 }, { $inc: { n: 0.5 } })).toEqual({ _id: 1, n: 1.5 });
    const d = after({ _id: 1, n: new Double(1) }, { $inc: { n: 1 } }).n;
    expect(d).toBeInstanceOf(Double);
    expect((d as Double).value).toBe(2);
    expect(after({ _id: 1, n: 1.5 }, { $mul: { n: 2 } }).n).toEqual(new Double(3));
    const dec = after({ _id: 1, n: new Decimal128('1.5') }, { $inc: { n: 1 } }).n;
    expect(dec).toBeInstanceOf(Decimal128);
    expect(String(dec)).toBe('2.5');
  });

  it('creates a missing field: $inc with the operand, $mul with zero of its type', () => {
    expect(after({ _id: 1 }, { $inc: { 'a.b': 5 } })).toEqual({ _id: 1, a: { b: 5 } });
    expect(after({ _id: 1 }, { $mul: { n: 5 } })).toEqual({ _id: 1, n: 0 });
    expect(after({ _id: 1 }, { $mul: { n: Long.fromNumber(5) } }).n).toBeInstanceOf(Long);
  });

  it('refuses non-numeric fields and operands with MongoDB messages', () => {
    const id = new ObjectId('65a1b2c3d4e5f60718293a4b');
    expectMongoError(
      () => update({ _id: id, x: 'a' }, { $inc: { x: 1 } }),
      'TypeMismatch',
      "Cannot apply $inc to a value of non-numeric type. {_id: ObjectId('65a1b2c3d4e5f60718293a4b')} has the field 'x' of non-numeric type string",
    );
    expectMongoError(
      () => update({ _id: 1, x: null }, { $mul: { x: 2 } }),
      'TypeMismatch',
      /^Cannot apply \$mul to a value of non-numeric type\. \{_id: 1\} has the field 'x' of non-numeric type null$/,
    );
    expectMongoError(
      () => update({ _id: 1 }, { $inc: { x: 'a' } }),
      'TypeMismatch',
      'Cannot increment with non-numeric argument: {x: "a"}',
    );
    expectMongoError(
      () => update({ _id: 1 }, { $mul: { x: true } }),
      'TypeMismatch',
      'Cannot multiply with non-numeric argument: {x: true}',
    );
  });

  it('fails on long overflow', () => {
    expectMongoError(
      () => update({ _id: 1, n: Long.MAX_VALUE }, { $inc: { n: 1 } }),
      'BadValue',
      /^Failed to apply \$inc operations to current value/,
    );
  });
});

describe('$min, $max, $rename, $currentDate, $bit, $setOnInsert', () => {
  it('$min and $max compare in BSON order', () => {
    expect(after({ _id: 1, a: 5 }, { $min: { a: 3 } })).toEqual({ _id: 1, a: 3 });
    expect(update({ _id: 1, a: 5 }, { $min: { a: 7 } }).modified).toBe(false);
    expect(after({ _id: 1, a: 5 }, { $max: { a: 'x' } })).toEqual({ _id: 1, a: 'x' });
    expect(after({ _id: 1 }, { $max: { a: 1 } })).toEqual({ _id: 1, a: 1 });
  });

  it('$rename moves a value, also into a subdocument', () => {
    expect(after({ _id: 1, a: 1, b: 2 }, { $rename: { a: 'c.d' } })).toEqual({ _id: 1, b: 2, c: { d: 1 } });
    expect(update({ _id: 1 }, { $rename: { a: 'b' } }).modified).toBe(false);
    expectMongoError(
      () => update({ _id: 1 }, { $rename: { a: 'a' } }),
      'BadValue',
      'The source and target field for $rename must differ: a: "a"',
    );
    expectMongoError(
      () => update({ _id: 1 }, { $rename: { a: 'a.b' } }),
      'BadValue',
      'The source and target field for $rename must not be on the same path: a: "a.b"',
    );
    expectMongoError(
      () => update({ _id: 1 }, { $rename: { a: 1 } }),
      'BadValue',
      "The 'to' field for $rename must be a string: a: 1",
    );
    expectMongoError(
      () => update({ _id: 1, a: [{ b: 1 }] }, { $rename: { 'a.0.b': 'c' } }),
      'BadValue',
      /^The source field cannot be an array element/,
    );
  });

  it('$currentDate sets a Date or a Timestamp from the clock', () => {
    const now = new Date('2024-01-02T03:04:05Z');
    const doc = after(
      { _id: 1 },
      { $currentDate: { d: true, t: { $type: 'timestamp' }, e: { $type: 'date' } } },
      { now },
    );
    expect(doc.d).toEqual(now);
    expect(doc.e).toEqual(now);
    expect(doc.t).toBeInstanceOf(Timestamp);
    expect((doc.t as Timestamp).high).toBe(now.getTime() / 1000);
    expectMongoError(
      () => update({ _id: 1 }, { $currentDate: { d: { $type: 'x' } } }),
      'BadValue',
      /'date' or 'timestamp'/,
    );
  });

  it('$bit combines integers and keeps Longs', () => {
    expect(after({ _id: 1, n: 13 }, { $bit: { n: { and: 10 } } })).toEqual({ _id: 1, n: 8 });
    expect(after({ _id: 1, n: 13 }, { $bit: { n: { or: 2, xor: 1 } } })).toEqual({ _id: 1, n: 14 });
    expect(after({ _id: 1, n: Long.fromNumber(1) }, { $bit: { n: { or: 4 } } }).n).toEqual(Long.fromNumber(5));
    expectMongoError(() => update({ _id: 1, n: 1.5 }, { $bit: { n: { and: 1 } } }), 'BadValue', /non-integral type/);
    expectMongoError(() => update({ _id: 1 }, { $bit: { n: { and: 1.5 } } }), 'BadValue', /must be an Integer/);
    expectMongoError(
      () => update({ _id: 1 }, { $bit: { n: { nand: 1 } } }),
      'BadValue',
      /only supports 'and', 'or', and 'xor'/,
    );
  });

  it('$setOnInsert applies only when an upsert inserts', () => {
    const u = { $set: { a: 1 }, $setOnInsert: { created: true } };
    expect(after({ _id: 1 }, u)).toEqual({ _id: 1, a: 1 });
    expect(after({ _id: 1 }, u, { isUpsertInsert: true })).toEqual({ _id: 1, a: 1, created: true });
  });
});
