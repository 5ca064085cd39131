import { Decimal128, Double, Long, MaxKey, MinKey, ObjectId } from 'bson';
import { compileFilter, firstArrayMatchIndex } from '../../../server/embedded-mongo/engine/matcher';
import type { Doc } from '../../../server/embedded-mongo/engine/values';
import { expectMongoError } from './expect-mongo-error';

const matches = (filter: Doc, doc: Doc, collation?: Doc) => compileFilter(filter, { collation })(doc);

describe('equality and null', () => {
  it('matches plain values, ObjectIds and Dates by value', () => {
    const id = new ObjectId();
    expect(matches({ _id: new ObjectId(id.toHexString()) }, { _id: id })).toBe(true);
    expect(matches({ _id: new ObjectId() }, { _id: id })).toBe(false);
    expect(matches({ d: new Date(5) }, { d: new Date(5) })).toBe(true);
    expect(matches({ d: new Date(6) }, { d: new Date(5) })).toBe(false);
    expect(matches({ a: 1 }, { a: new Double(1) })).toBe(true);
    expect(matches({ a: 1 }, { a: Long.fromNumber(1) })).toBe(true);
    expect(matches({ a: 1 }, { a: '1' })).toBe(false);
  });

  it('treats null as null or missing, but not as an empty array', () => {
    expect(matches({ a: null }, {})).toBe(true);
    expect(matches({ a: null }, { a: null })).toBe(true);
    expect(matches({ a: null }, { a: 0 })).toBe(false);
    expect(matches({ a: null }, { a: [] })).toBe(false);
    expect(matches({ a: null }, { a: [1, null] })).toBe(true);
    expect(matches({ a: { $eq: null } }, {})).toBe(true);
    expect(matches({ a: { $ne: null } }, {})).toBe(false);
    expect(matches({ a: { $ne: null } }, { a: 1 })).toBe(true);
  });

  it('follows dotted paths through subdocuments and arrays of subdocuments', () => {
    expect(matches({ 'a.b': 2 }, { a: [{ b: 1 }, { b: 2 }] })).toBe(true);
    expect(matches({ 'a.b': 3 }, { a: [{ b: 1 }, { b: 2 }] })).toBe(false);
    expect(matches({ 'a.1.b': 2 }, { a: [{ b: 1 }, { b: 2 }] })).toBe(true);
    expect(matches({ 'a.0': 'x' }, { a: ['x', 'y'] })).toBe(true);
    expect(matches({ 'a.b.c': 1 }, { a: { b: [{ c: 1 }] } })).toBe(true);
    // Missing through an array: an element without the field counts as null.
    expect(matches({ 'a.b': null }, { a: [{ b: 1 }, { c: 1 }] })).toBe(true);
    expect(matches({ 'a.b': null }, { a: [{ b: 1 }] })).toBe(false);
    expect(matches({ 'a.b': null }, { a: 1 })).toBe(true);
    expect(matches({ 'a.b': null }, { a: [1, 2] })).toBe(false);
  });

  it('compares arrays whole or by element, and subdocuments with their field order', () => {
    expect(matches({ a: 1 }, { a: [1, 2] })).toBe(true);
    expect(matches({ a: [1, 2] }, { a: [1, 2] })).toBe(true);
    expect(matches({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(matches({ a: [1, 2] }, { a: [[1, 2], 3] })).toBe(true);
    expect(matches({ a: { x: 1, y: 2 } }, { a: { x: 1, y: 2 } })).toBe(true);
    expect(matches({ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } })).toBe(false);
  });
});

describe('comparison operators', () => {
  it('compares within a BSON type only', () => {
    expect(matches({ a: { $gt: 1 } }, { a: 2 })).toBe(true);
    expect(matches({ a: { $gt: 1 } }, { a: 'x' })).toBe(false);
    expect(matches({ a: { $lt: 'b' } }, { a: 'a' })).toBe(true);
    // Each condition may be met by a different element; $elemMatch asks for one element meeting both.
    expect(matches({ a: { $gte: 2, $lte: 3 } }, { a: [1, 5] })).toBe(true);
    expect(matches({ a: { $elemMatch: { $gte: 2, $lte: 3 } } }, { a: [1, 5] })).toBe(false);
    expect(matches({ a: { $gte: 2, $lte: 3 } }, { a: [5, 6] })).toBe(false);
    expect(
      matches({ a: { $gt: Long.fromString('9007199254740993') } }, { a: Long.fromString('9007199254740994') }),
    ).toBe(true);
    expect(matches({ a: { $lt: new Decimal128('2.5') } }, { a: 2 })).toBe(true);
    expect(matches({ d: { $gt: new Date(4) } }, { d: new Date(5) })).toBe(true);
    expect(matches({ a: { $gt: new MinKey() } }, { a: 'x' })).toBe(true);
    expect(matches({ a: { $lt: new MaxKey() } }, { a: null })).toBe(true);
  });

  it('makes $gte/$lte null an equality with null and $gt/$lt null match nothing', () => {
    expect(matches({ a: { $gte: null } }, {})).toBe(true);
    expect(matches({ a: { $lte: null } }, { a: null })).toBe(true);
    expect(matches({ a: { $gt: null } }, { a: 1 })).toBe(false);
    expect(matches({ a: { $lt: null } }, {})).toBe(false);
  });

  it('treats NaN as equal to itself only', () => {
    expect(matches({ a: NaN }, { a: NaN })).toBe(true);
    expect(matches({ a: { $lt: 1 } }, { a: NaN })).toBe(false);
    expect(matches({ a: { $gte: NaN } }, { a: NaN })).toBe(true);
  });

  it('supports $in and $nin with null and regexes', () => {
    expect(matches({ a: { $in: [1, 2] } }, { a: 2 })).toBe(true);
    expect(matches({ a: { $in: [1, 2] } }, { a: [3, 1] })).toBe(true);
    expect(matches({ a: { $in: [null] } }, {})).toBe(true);
    expect(matches({ a: { $in: [/^x/] } }, { a: 'xy' })).toBe(true);
    expect(matches({ a: { $in: [1.0] } }, { a: Long.fromNumber(1) })).toBe(true);
    expect(matches({ a: { $nin: [1] } }, { a: [2, 1] })).toBe(false);
    expect(matches({ a: { $nin: [1] } }, {})).toBe(true);
    const id = new ObjectId();
    expect(matches({ _id: { $in: [new ObjectId(), new ObjectId(id.toHexString())] } }, { _id: id })).toBe(true);
  });
});

describe('element, array and evaluation operators', () => {
  it('$exists', () => {
    expect(matches({ a: { $exists: true } }, { a: null })).toBe(true);
    expect(matches({ a: { $exists: false } }, { a: null })).toBe(false);
    expect(matches({ a: { $exists: 0 } }, {})).toBe(true);
    expect(matches({ 'a.b': { $exists: true } }, { a: [{ c: 1 }, { b: 1 }] })).toBe(true);
  });

  it('$type tells int, long, double and decimal apart, with aliases and codes', () => {
    expect(matches({ a: { $type: 'int' } }, { a: 5 })).toBe(true);
    expect(matches({ a: { $type: 'long' } }, { a: 5 })).toBe(false);
    expect(matches({ a: { $type: 'long' } }, { a: Long.fromNumber(5) })).toBe(true);
    expect(matches({ a: { $type: 'double' } }, { a: 5.5 })).toBe(true);
    expect(matches({ a: { $type: 'double' } }, { a: new Double(5) })).toBe(true);
    expect(matches({ a: { $type: 'double' } }, { a: 5 })).toBe(false);
    expect(matches({ a: { $type: 'double' } }, { a: 2 ** 40 })).toBe(true);
    expect(matches({ a: { $type: 'decimal' } }, { a: new Decimal128('1') })).toBe(true);
    expect(matches({ a: { $type: 'number' } }, { a: Long.fromNumber(5) })).toBe(true);
    expect(matches({ a: { $type: 16 } }, { a: 5 })).toBe(true);
    expect(matches({ a: { $type: 'objectId' } }, { a: new ObjectId() })).toBe(true);
    expect(matches({ a: { $type: 'string' } }, { a: ['x'] })).toBe(true);
    expect(matches({ a: { $type: 'array' } }, { a: [] })).toBe(true);
    expect(matches({ a: { $type: ['string', 'null'] } }, { a: null })).toBe(true);
    expect(matches({ a: { $type: 'null' } }, {})).toBe(false);
    expectMongoError(() => compileFilter({ a: { $type: 'wat' } }), 'BadValue', 'Unknown type name alias: wat');
    expectMongoError(() => compileFilter({ a: { $type: 99 } }), 'BadValue', 'Invalid numerical type code: 99');
    expectMongoError(
      () => compileFilter({ a: { $type: {} } }),
      'TypeMismatch',
      'type must be represented as a number or a string',
    );
  });

  it('$regex, $options and RegExp values', () => {
    expect(matches({ a: { $regex: '^A', $options: 'i' } }, { a: 'abc' })).toBe(true);
    expect(matches({ a: { $regex: '^A' } }, { a: 'abc' })).toBe(false);
    expect(matches({ a: /b/ }, { a: ['xbx'] })).toBe(true);
    expect(matches({ a: { $regex: /^a b # comment\n c/, $options: 'x' } }, { a: 'abc' })).toBe(true);
    expect(matches({ a: { $not: /x/ } }, { a: 'y' })).toBe(true);
    expect(matches({ a: /x/ }, { a: 5 })).toBe(false);
    expectMongoError(() => compileFilter({ a: { $options: 'i' } }), 'BadValue', '$options needs a $regex');
    expectMongoError(
      () => compileFilter({ a: { $regex: 'a', $options: 'q' } }),
      'BadValue',
      'invalid flag in regex options: q',
    );
  });

  it('$elemMatch on subdocuments and on values', () => {
    const doc = {
      a: [
        { b: 1, c: 1 },
        { b: 2, c: 2 },
      ],
    };
    expect(matches({ a: { $elemMatch: { b: 1, c: 2 } } }, doc)).toBe(false);
    expect(matches({ a: { $elemMatch: { b: 2, c: 2 } } }, doc)).toBe(true);
    expect(matches({ a: { $elemMatch: { $gt: 1, $lt: 3 } } }, { a: [0, 2] })).toBe(true);
    expect(matches({ a: { $elemMatch: { $gt: 1, $lt: 3 } } }, { a: [0, 4] })).toBe(false);
    expect(matches({ a: { $elemMatch: { $or: [{ b: 5 }, { c: 2 }] } } }, doc)).toBe(true);
    expect(matches({ a: { $elemMatch: { b: 1 } } }, { a: { b: 1 } })).toBe(false);
  });

  it('$size, $all, $mod', () => {
    expect(matches({ a: { $size: 2 } }, { a: [1, 2] })).toBe(true);
    expect(matches({ a: { $size: 1 } }, { a: [1, 2] })).toBe(false);
    expect(matches({ a: { $all: [1, 2] } }, { a: [2, 1, 3] })).toBe(true);
    expect(matches({ a: { $all: [1, 4] } }, { a: [2, 1, 3] })).toBe(false);
    expect(matches({ a: { $all: [] } }, { a: [] })).toBe(false);
    expect(matches({ a: { $all: [{ $elemMatch: { b: 1 } }] } }, { a: [{ b: 1 }] })).toBe(true);
    expect(matches({ a: { $mod: [4, 1] } }, { a: 5 })).toBe(true);
    expect(matches({ a: { $mod: [4, 1] } }, { a: 5.9 })).toBe(true);
    expect(matches({ a: { $mod: [4, 1] } }, { a: 6 })).toBe(false);
    expectMongoError(() => compileFilter({ a: { $mod: [0, 1] } }), 'BadValue', 'divisor cannot be 0');
    expectMongoError(() => compileFilter({ a: { $size: 'x' } }), 'BadValue', '$size needs a number');
  });

  it('$not, $and, $or, $nor, $comment', () => {
    expect(matches({ a: { $not: { $gt: 1 } } }, {})).toBe(true);
    expect(matches({ a: { $not: { $gt: 1 } } }, { a: 2 })).toBe(false);
    expect(matches({ $and: [{ a: 1 }, { b: 2 }] }, { a: 1, b: 2 })).toBe(true);
    expect(matches({ $or: [{ a: 1 }, { b: 2 }] }, { b: 2 })).toBe(true);
    expect(matches({ $nor: [{ a: 1 }, { b: 2 }] }, { b: 2 })).toBe(false);
    expect(matches({ $comment: 'why', a: 1 }, { a: 1 })).toBe(true);
  });

  it('$expr with aggregation expressions, ordering values as BSON does', () => {
    expect(matches({ $expr: { $gt: ['$a', '$b'] } }, { a: 2, b: 1 })).toBe(true);
    expect(matches({ $expr: { $gt: ['$a', '$b'] } }, { a: 1, b: 2 })).toBe(false);
    expect(matches({ $expr: { $gt: ['$a', '$missing'] } }, { a: 2 })).toBe(true);
    expect(matches({ $expr: { $eq: [{ $add: ['$a', 1] }, 3] } }, { a: Long.fromNumber(2) })).toBe(true);
    expect(matches({ $expr: { $size: '$tags' } }, { tags: [] })).toBe(false);
    expectMongoError(
      () => compileFilter({ $expr: { $nope: 1 } }),
      'InvalidPipelineOperator',
      "Unrecognized expression '$nope'",
    );
  });
});

describe('filter validation', () => {
  it('reports unknown operators as MongoDB does', () => {
    expectMongoError(() => compileFilter({ $foo: 1 }), 'BadValue', /^unknown top level operator: \$foo/);
    expectMongoError(() => compileFilter({ a: { $foo: 1 } }), 'BadValue', 'unknown operator: $foo');
    expectMongoError(() => compileFilter({ a: { $gt: 1, b: 1 } }), 'BadValue', 'unknown operator: b');
    expectMongoError(() => compileFilter({ $and: [] }), 'BadValue', '$and/$or/$nor must be a nonempty array');
    expectMongoError(() => compileFilter({ $or: [1] }), 'BadValue', '$or/$and/$nor entries need to be full objects');
    expectMongoError(() => compileFilter({ a: { $in: 1 } }), 'BadValue', '$in needs an array');
    expectMongoError(() => compileFilter({ a: { $elemMatch: 1 } }), 'BadValue', '$elemMatch needs an Object');
    expectMongoError(() => compileFilter({ a: { $not: 1 } }), 'BadValue', '$not needs a regex or a document');
  });

  it('refuses server-side JavaScript, text and geo queries by name', () => {
    expectMongoError(() => compileFilter({ $where: 'true' }), 'NotImplemented', /\$where is not supported/);
    expectMongoError(() => compileFilter({ $text: { $search: 'x' } }), 'NotImplemented', /\$text is not supported/);
    expectMongoError(() => compileFilter({ loc: { $near: [1, 2] } }), 'NotImplemented', /\$near is not supported/);
    expectMongoError(
      () => compileFilter({ loc: { $geoWithin: {} } }),
      'NotImplemented',
      /\$geoWithin is not supported/,
    );
    const fn = { $function: { body: 'function() { return true }', args: [], lang: 'js' } };
    expectMongoError(() => compileFilter({ $expr: fn }), 'NotImplemented', /\$function is not supported/);
  });

  it('leaves a literal subdocument with a DBRef shape as an equality', () => {
    expect(matches({ a: { $ref: 'c', $id: 1 } }, { a: { $ref: 'c', $id: 1 } })).toBe(true);
  });
});

describe('collation', () => {
  it('compares strings ignoring case at strength 2 and accents too at strength 1', () => {
    expect(matches({ a: 'ABC' }, { a: 'abc' })).toBe(false);
    expect(matches({ a: 'ABC' }, { a: 'abc' }, { locale: 'en', strength: 2 })).toBe(true);
    expect(matches({ a: 'école' }, { a: 'ECOLE' }, { locale: 'fr', strength: 2 })).toBe(false);
    expect(matches({ a: 'école' }, { a: 'ECOLE' }, { locale: 'fr', strength: 1 })).toBe(true);
    expect(matches({ a: { $in: ['X'] } }, { a: 'x' }, { locale: 'en', strength: 2 })).toBe(true);
    expect(matches({ a: 'ABC' }, { a: 'abc' }, { locale: 'simple' })).toBe(false);
  });

  it('refuses collations it cannot honour', () => {
    expectMongoError(
      () => compileFilter({}, { collation: { locale: 'en', numericOrdering: true } }),
      'BadValue',
      /numericOrdering/,
    );
  });
});

describe('firstArrayMatchIndex', () => {
  const doc = {
    _id: 1,
    comments: [
      { by: 'ann', votes: 1 },
      { by: 'bob', votes: 5 },
      { by: 'bob', votes: 9 },
    ],
  };

  it('finds the element that satisfies the conditions on the array', () => {
    expect(firstArrayMatchIndex({ 'comments.by': 'bob' }, doc, 'comments')).toBe(1);
    expect(firstArrayMatchIndex({ 'comments.by': 'bob', 'comments.votes': { $gt: 6 } }, doc, 'comments')).toBe(2);
    expect(firstArrayMatchIndex({ comments: { $elemMatch: { votes: { $gte: 9 } } } }, doc, 'comments')).toBe(2);
    expect(firstArrayMatchIndex({ $and: [{ _id: 1 }, { 'comments.votes': 5 }] }, doc, 'comments')).toBe(1);
    expect(firstArrayMatchIndex({ tags: 'b' }, { tags: ['a', 'b'] }, 'tags')).toBe(1);
  });

  it('is undefined without a condition on the array or a matching element', () => {
    expect(firstArrayMatchIndex({ _id: 1 }, doc, 'comments')).toBeUndefined();
    expect(firstArrayMatchIndex({ 'comments.by': 'cy' }, doc, 'comments')).toBeUndefined();
    expect(firstArrayMatchIndex({ 'x.by': 'bob' }, doc, 'x')).toBeUndefined();
  });
});
