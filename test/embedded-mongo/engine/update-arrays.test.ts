import { Long } from 'bson';
import { applyUpdate } from '../../../server/embedded-mongo/engine/update';
import type { Doc } from '../../../server/embedded-mongo/engine/values';
import { expectMongoError } from './expect-mongo-error';

const update = (doc: Doc, u: Doc, filter: Doc = {}, arrayFilters?: Doc[]) =>
  applyUpdate(doc, u, { filter, arrayFilters });
const after = (doc: Doc, u: Doc, filter: Doc = {}, arrayFilters?: Doc[]) => update(doc, u, filter, arrayFilters).doc;

describe('$push', () => {
  it('appends, creating the array, and refuses a non-array field', () => {
    expect(after({ _id: 1, a: [1] }, { $push: { a: 2 } })).toEqual({ _id: 1, a: [1, 2] });
    expect(after({ _id: 1 }, { $push: { a: [1] } })).toEqual({ _id: 1, a: [[1]] });
    expectMongoError(
      () => update({ _id: 1, a: 1 }, { $push: { a: 2 } }),
      'BadValue',
      "The field 'a' must be an array but is of type int in document {_id: 1}",
    );
  });

  it('supports $each, $position, $sort and $slice in MongoDB order', () => {
    expect(after({ _id: 1, a: [1, 2] }, { $push: { a: { $each: [8, 9], $position: 1 } } })).toEqual({
      _id: 1,
      a: [1, 8, 9, 2],
    });
    expect(after({ _id: 1, a: [1, 2, 3] }, { $push: { a: { $each: [0], $position: -1 } } })).toEqual({
      _id: 1,
      a: [1, 2, 0, 3],
    });
    expect(after({ _id: 1, a: [5, 1] }, { $push: { a: { $each: [3], $sort: 1, $slice: 2 } } })).toEqual({
      _id: 1,
      a: [1, 3],
    });
    expect(after({ _id: 1, a: [5, 1] }, { $push: { a: { $each: [3], $slice: -2 } } })).toEqual({ _id: 1, a: [1, 3] });
    expect(after({ _id: 1, a: [5] }, { $push: { a: { $each: [], $slice: 0 } } })).toEqual({ _id: 1, a: [] });
    const scores = {
      _id: 1,
      s: [
        { n: 'a', v: 2 },
        { n: 'b', v: 9 },
      ],
    };
    expect(after(scores, { $push: { s: { $each: [{ n: 'c', v: 5 }], $sort: { v: -1 }, $slice: 2 } } }).s).toEqual([
      { n: 'b', v: 9 },
      { n: 'c', v: 5 },
    ]);
  });

  it('validates its clauses', () => {
    expectMongoError(
      () => update({ _id: 1 }, { $push: { a: { $each: 1 } } }),
      'BadValue',
      'The argument to $each in $push must be an array but it was of type: int',
    );
    expectMongoError(
      () => update({ _id: 1 }, { $push: { a: { $each: [], $foo: 1 } } }),
      'BadValue',
      'Unrecognized clause in $push: $foo',
    );
    expectMongoError(
      () => update({ _id: 1 }, { $push: { a: { $each: [], $slice: 1.5 } } }),
      'BadValue',
      /\$slice must be an integer/,
    );
    expectMongoError(
      () => update({ _id: 1 }, { $push: { a: { $each: [], $sort: 2 } } }),
      'BadValue',
      /^The \$sort is invalid/,
    );
  });
});

describe('$addToSet, $pull, $pullAll, $pop', () => {
  it('$addToSet adds values not already present (BSON equality)', () => {
    expect(after({ _id: 1, a: [1, 2] }, { $addToSet: { a: 2 } })).toEqual({ _id: 1, a: [1, 2] });
    expect(update({ _id: 1, a: [1, 2] }, { $addToSet: { a: Long.fromNumber(2) } }).modified).toBe(false);
    expect(after({ _id: 1, a: [1] }, { $addToSet: { a: { $each: [1, 3, 3] } } })).toEqual({ _id: 1, a: [1, 3] });
    expect(after({ _id: 1, a: [{ x: 1, y: 2 }] }, { $addToSet: { a: { y: 2, x: 1 } } }).a).toHaveLength(2);
    expectMongoError(
      () => update({ _id: 1, a: 'x' }, { $addToSet: { a: 1 } }),
      'BadValue',
      "Cannot apply $addToSet to non-array field. Field named 'a' has non-array type string",
    );
  });

  it('$pull removes by value, by condition and by subdocument query', () => {
    expect(after({ _id: 1, a: [1, 2, 1, 3] }, { $pull: { a: 1 } })).toEqual({ _id: 1, a: [2, 3] });
    expect(after({ _id: 1, a: [1, 5, 7] }, { $pull: { a: { $gte: 5 } } })).toEqual({ _id: 1, a: [1] });
    expect(after({ _id: 1, a: ['ab', 'b'] }, { $pull: { a: /^a/ } })).toEqual({ _id: 1, a: ['b'] });
    const doc = { _id: 1, r: [{ item: 'A', score: 5 }, { item: 'B', score: 8 }, 7] };
    expect(after(doc, { $pull: { r: { score: 8, item: 'B' } } }).r).toEqual([{ item: 'A', score: 5 }, 7]);
    expect(update({ _id: 1 }, { $pull: { a: 1 } }).modified).toBe(false);
    expectMongoError(
      () => update({ _id: 1, a: 1 }, { $pull: { a: 1 } }),
      'BadValue',
      'Cannot apply $pull to a non-array value',
    );
  });

  it('$pullAll and $pop', () => {
    expect(after({ _id: 1, a: [1, 2, 3, 1] }, { $pullAll: { a: [1, 3] } })).toEqual({ _id: 1, a: [2] });
    expect(after({ _id: 1, a: [1, 2, 3] }, { $pop: { a: 1 } })).toEqual({ _id: 1, a: [1, 2] });
    expect(after({ _id: 1, a: [1, 2, 3] }, { $pop: { a: -1 } })).toEqual({ _id: 1, a: [2, 3] });
    expect(update({ _id: 1, a: [] }, { $pop: { a: 1 } }).modified).toBe(false);
    expectMongoError(
      () => update({ _id: 1 }, { $pullAll: { a: 1 } }),
      'BadValue',
      '$pullAll requires an array argument but was given a int',
    );
    expectMongoError(() => update({ _id: 1 }, { $pop: { a: 2 } }), 'FailedToParse', '$pop expects 1 or -1, found: 2');
    expectMongoError(
      () => update({ _id: 1, a: 5 }, { $pop: { a: 1 } }),
      'TypeMismatch',
      "Path 'a' contains an element of non-array type 'int'",
    );
  });
});

describe('positional operators', () => {
  const doc = {
    _id: 1,
    comments: [
      { by: 'ann', votes: 1 },
      { by: 'bob', votes: 5 },
      { by: 'bob', votes: 9 },
    ],
  };

  it('$ updates the element the query matched', () => {
    const result = after(doc, { $inc: { 'comments.$.votes': 1 } }, { 'comments.by': 'bob' });
    expect(result.comments).toEqual([
      { by: 'ann', votes: 1 },
      { by: 'bob', votes: 6 },
      { by: 'bob', votes: 9 },
    ]);
    const elem = after(
      doc,
      { $set: { 'comments.$.hidden': true } },
      { comments: { $elemMatch: { votes: { $gt: 6 } } } },
    );
    expect(elem.comments).toEqual([
      { by: 'ann', votes: 1 },
      { by: 'bob', votes: 5 },
      { by: 'bob', votes: 9, hidden: true },
    ]);
    expect(after({ _id: 1, tags: ['a', 'b'] }, { $set: { 'tags.$': 'B' } }, { tags: 'b' })).toEqual({
      _id: 1,
      tags: ['a', 'B'],
    });
  });

  it('$ without a matching array condition is refused', () => {
    expectMongoError(
      () => update(doc, { $set: { 'comments.$.votes': 0 } }, { _id: 1 }),
      'BadValue',
      'The positional operator did not find the match needed from the query.',
    );
  });

  it('$[] updates every element, $[id] the elements its array filter selects', () => {
    expect(after(doc, { $set: { 'comments.$[].votes': 0 } }).comments).toEqual([
      { by: 'ann', votes: 0 },
      { by: 'bob', votes: 0 },
      { by: 'bob', votes: 0 },
    ]);
    const filtered = after(doc, { $inc: { 'comments.$[c].votes': 10 } }, {}, [
      { 'c.by': 'bob', 'c.votes': { $gt: 6 } },
    ]);
    expect(filtered.comments).toEqual([
      { by: 'ann', votes: 1 },
      { by: 'bob', votes: 5 },
      { by: 'bob', votes: 19 },
    ]);
    const nested = { _id: 1, g: [{ s: [1, 5] }, { s: [7] }] };
    expect(after(nested, { $set: { 'g.$[].s.$[big]': 0 } }, {}, [{ big: { $gte: 5 } }]).g).toEqual([
      { s: [1, 0] },
      { s: [0] },
    ]);
    expect(after(doc, { $set: { 'comments.$[x].flag': 1 } }, {}, [{ 'x.by': 'zed' }])).toBe(doc);
  });

  it('checks array filters against the identifiers used', () => {
    expectMongoError(
      () => update(doc, { $set: { 'comments.$[x].votes': 0 } }),
      'BadValue',
      "No array filter found for identifier 'x' in path 'comments.$[x].votes'",
    );
    expectMongoError(
      () => update(doc, { $set: { a: 1 } }, {}, [{ x: 1 }]),
      'FailedToParse',
      /^The array filter for identifier 'x' was not used in the update/,
    );
    expectMongoError(
      () => update({ _id: 1, a: 5 }, { $set: { 'a.$[]': 1 } }),
      'BadValue',
      'Cannot apply array updates to non-array element a: 5',
    );
    expectMongoError(
      () => update({ _id: 1 }, { $set: { 'a.$[]': 1 } }),
      'BadValue',
      "The path 'a' must exist in the document in order to apply array updates.",
    );
  });

  it('reports two array filters that select the same element as a conflict', () => {
    const u = { $set: { 'a.$[x]': 1, 'a.$[y]': 2 } };
    expectMongoError(
      () => update({ _id: 1, a: [5] }, u, {}, [{ x: 5 }, { y: { $gt: 1 } }]),
      'ConflictingUpdateOperators',
      "Update created a conflict at 'a.0'",
    );
  });
});
