import { Double, Long, ObjectId } from 'bson';
import {
  applyReplacement,
  applyUpdate,
  upsertSeed,
  validateUpdate,
} from '../../../server/embedded-mongo/engine/update';
import type { Doc } from '../../../server/embedded-mongo/engine/values';
import { expectMongoError } from './expect-mongo-error';

const update = (doc: Doc, u: Doc | Doc[], isUpsertInsert = false) =>
  applyUpdate(doc, u, { filter: {}, isUpsertInsert });

describe('validateUpdate', () => {
  it('classifies updates', () => {
    expect(validateUpdate({ $set: { a: 1 } })).toBe('operators');
    expect(validateUpdate({ a: 1 })).toBe('replacement');
    expect(validateUpdate({})).toBe('replacement');
    expect(validateUpdate([{ $set: { a: 1 } }])).toBe('pipeline');
    expect(validateUpdate({ $set: {} })).toBe('operators');
  });

  it('refuses unknown modifiers and operators mixed with fields', () => {
    const expected = 'Expected a valid update modifier or pipeline-style update specified as an array';
    expectMongoError(() => validateUpdate({ $foo: { a: 1 } }), 'FailedToParse', `Unknown modifier: $foo. ${expected}`);
    expectMongoError(
      () => validateUpdate({ $set: { a: 1 }, b: 2 }),
      'FailedToParse',
      `Unknown modifier: b. ${expected}`,
    );
    expectMongoError(
      () => validateUpdate({ b: 2, $set: { a: 1 } }),
      'DollarPrefixedFieldName',
      /^The dollar \(\$\) prefixed field '\$set' in '\$set' is not allowed/,
    );
    expectMongoError(
      () => validateUpdate({ $set: 1 }),
      'FailedToParse',
      /^Modifiers operate on fields but we found type int instead/,
    );
  });

  it('refuses conflicting paths across operators', () => {
    expectMongoError(
      () => validateUpdate({ $set: { a: 1, 'a.b': 2 } }),
      'ConflictingUpdateOperators',
      "Updating the path 'a.b' would create a conflict at 'a'",
    );
    expectMongoError(
      () => validateUpdate({ $set: { 'a.b': 1 }, $unset: { a: 1 } }),
      'ConflictingUpdateOperators',
      "Updating the path 'a' would create a conflict at 'a'",
    );
    expectMongoError(
      () => validateUpdate({ $inc: { n: 1 }, $set: { n: 2 } }),
      'ConflictingUpdateOperators',
      "Updating the path 'n' would create a conflict at 'n'",
    );
    expectMongoError(
      () => validateUpdate({ $rename: { a: 'b' }, $set: { b: 1 } }),
      'ConflictingUpdateOperators',
      "Updating the path 'b' would create a conflict at 'b'",
    );
    expect(validateUpdate({ $set: { 'a.$[x].b': 1, 'a.$[y].c': 2, ab: 3 } })).toBe('operators');
  });

  it('refuses bad paths', () => {
    expectMongoError(() => validateUpdate({ $set: { '': 1 } }), 'EmptyFieldName', 'An empty update path is not valid.');
    expectMongoError(
      () => validateUpdate({ $set: { 'a..b': 1 } }),
      'EmptyFieldName',
      "The update path 'a..b' contains an empty field name, which is not allowed.",
    );
    expectMongoError(
      () => validateUpdate({ $set: { $x: 1 } }),
      'DollarPrefixedFieldName',
      "The dollar ($) prefixed field '$x' in '$x' is not valid for storage.",
    );
    expectMongoError(
      () => validateUpdate({ $set: { 'a.$.b.$': 1 } }),
      'BadValue',
      "Too many positional (i.e. '$') elements found in path 'a.$.b.$'",
    );
  });

  it('accepts only update stages in a pipeline', () => {
    expectMongoError(
      () => validateUpdate([{ $match: {} }]),
      'InvalidOptions',
      '$match is not allowed to be used within an update',
    );
    expectMongoError(() => validateUpdate([{ $set: {}, $unset: 'a' }]), 'FailedToParse', /exactly one field/);
  });
});

describe('_id is immutable', () => {
  const id = new ObjectId();

  it('lets other fields of a document with an ObjectId _id change, and _id be set to itself', () => {
    const doc = { _id: id, a: 1 };
    expect(update(doc, { $set: { a: 2 } }).doc).toEqual({ _id: id, a: 2 });
    expect(update(doc, { $set: { _id: new ObjectId(id.toHexString()) } }).modified).toBe(false);
    expect(update({ _id: { k: 1 }, a: 1 }, { $set: { '_id.k': 1, a: 2 } }).modified).toBe(true);
  });

  it('refuses an operator changing _id', () => {
    const message = "Performing an update on the path '_id' would modify the immutable field '_id'";
    expectMongoError(() => update({ _id: id }, { $set: { _id: new ObjectId() } }), 'ImmutableField', message);
    expectMongoError(() => update({ _id: 1 }, { $unset: { _id: '' } }), 'ImmutableField', message);
    expectMongoError(() => update({ _id: 1 }, { $inc: { _id: 1 } }), 'ImmutableField', message);
    expectMongoError(
      () => update({ _id: { k: 1 } }, { $set: { '_id.k': 2 } }),
      'ImmutableField',
      "Performing an update on the path '_id.k' would modify the immutable field '_id'",
    );
  });

  it('lets an upsert set _id when the query gave none', () => {
    expect(update({}, { $set: { _id: 5, a: 1 } }, true).doc).toEqual({ _id: 5, a: 1 });
    expect(Object.keys(update({ a: 1 }, { $set: { _id: 5 } }, true).doc)).toEqual(['_id', 'a']);
  });

  it('keeps _id first in replacements and refuses another _id', () => {
    expect(applyReplacement({ _id: id, a: 1 }, { b: 2, _id: new ObjectId(id.toHexString()) })).toEqual({
      _id: id,
      b: 2,
    });
    expect(Object.keys(applyReplacement({ _id: 1, a: 1 }, { b: 2, _id: 1 }))).toEqual(['_id', 'b']);
    expectMongoError(
      () => applyReplacement({ _id: 1 }, { _id: 2, a: 1 }),
      'ImmutableField',
      "After applying the update, the (immutable) field '_id' was found to have been altered to _id: 2",
    );
  });
});

describe('pipeline updates', () => {
  it('runs $set, $unset, $project, $replaceWith with expressions', () => {
    const doc = { _id: 1, a: 2, b: 3, c: 4 };
    expect(update(doc, [{ $set: { sum: { $add: ['$a', '$b'] } } }, { $unset: 'c' }]).doc).toEqual({
      _id: 1,
      a: 2,
      b: 3,
      sum: 5,
    });
    const projected = update(doc, [{ $project: { a: 1 } }]).doc;
    expect(projected).toEqual({ _id: 1, a: 2 });
    expect(Object.keys(projected)).toEqual(['_id', 'a']);
    expect(update(doc, [{ $replaceWith: { x: '$a' } }]).doc).toEqual({ _id: 1, x: 2 });
    expect(doc).toEqual({ _id: 1, a: 2, b: 3, c: 4 });
  });

  it('keeps _id first and the wrappers of fields it leaves alone', () => {
    const doc = { _id: 1, big: Long.fromString('9007199254740993'), d: new Double(2) };
    const result = update(doc, [{ $set: { x: 1 } }]).doc;
    expect(Object.keys(result)).toEqual(['_id', 'big', 'd', 'x']);
    expect(result.big).toBe(doc.big);
    expect(result.d).toBe(doc.d);
    expect(update(doc, [{ $set: { big: '$big' } }]).modified).toBe(false);
  });

  it('refuses a pipeline that changes _id', () => {
    expectMongoError(() => update({ _id: 1 }, [{ $set: { _id: 2 } }]), 'ImmutableField', /altered to _id: 2$/);
  });
});

describe('upsertSeed', () => {
  it('takes the equality conditions, expanding dotted paths, _id first', () => {
    const id = new ObjectId();
    expect(
      upsertSeed({
        a: 1,
        'b.c': 2,
        _id: id,
        n: { $gt: 1 },
        r: /x/,
        e: { $eq: 'v' },
        $and: [{ f: true }],
        $or: [{ g: 1 }],
      }),
    ).toEqual({
      _id: id,
      a: 1,
      b: { c: 2 },
      e: 'v',
      f: true,
    });
    expect(Object.keys(upsertSeed({ a: 1, _id: 2 }))).toEqual(['_id', 'a']);
  });

  it('refuses two equalities on one path', () => {
    expectMongoError(
      () => upsertSeed({ a: 1, $and: [{ a: 2 }] }),
      'NotSingleValueField',
      "cannot infer query fields to set, path 'a' is matched twice",
    );
    expectMongoError(
      () => upsertSeed({ a: { b: 1 }, 'a.c': 2 }),
      'NotSingleValueField',
      "cannot infer query fields to set, both paths 'a.c' and 'a' are matched",
    );
  });

  it('feeds an upsert that applies $setOnInsert', () => {
    const seed = upsertSeed({ article: 'x', 'meta.kind': 'post' });
    const { doc } = applyUpdate(
      seed,
      { $setOnInsert: { count: 0 }, $set: { seen: true } },
      { filter: {}, isUpsertInsert: true },
    );
    expect(doc).toEqual({ article: 'x', count: 0, meta: { kind: 'post' }, seen: true });
  });
});
