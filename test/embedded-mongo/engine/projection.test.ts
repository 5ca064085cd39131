import { Double, Long, ObjectId } from 'bson';
import { compileProjection } from '../../../server/embedded-mongo/engine/projection';
import type { Doc } from '../../../server/embedded-mongo/engine/values';
import { expectMongoError } from './expect-mongo-error';

const project = (projection: Doc | undefined, doc: Doc, filter?: Doc) => compileProjection(projection, { filter })(doc);

const id = new ObjectId();
const doc = {
  _id: id,
  title: 't',
  n: Long.fromString('9007199254740993'),
  d: new Double(2),
  author: { name: 'ann', email: 'a@x' },
  comments: [{ by: 'bob', text: 'hi', votes: 3 }, { by: 'cy', text: 'yo', votes: 7 }, 'loose'],
};

describe('inclusion and exclusion', () => {
  it('returns the document itself without a projection', () => {
    expect(project(undefined, doc)).toBe(doc);
    expect(project({}, doc)).toBe(doc);
  });

  it('includes fields, _id by default, keeping stored values and wrappers as they are', () => {
    const out = project({ title: 1, n: true, d: 1 }, doc);
    expect(out).toEqual({ _id: id, title: 't', n: doc.n, d: doc.d });
    expect(out.n).toBe(doc.n);
    expect(out.d).toBe(doc.d);
    expect(project({ title: 1, _id: 0 }, doc)).toEqual({ title: 't' });
  });

  it('includes dotted paths into subdocuments and arrays of subdocuments', () => {
    expect(project({ 'author.name': 1, 'comments.by': 1, _id: 0 }, doc)).toEqual({
      author: { name: 'ann' },
      comments: [{ by: 'bob' }, { by: 'cy' }],
    });
    expect(project({ author: { email: 1 }, _id: 0 }, doc)).toEqual({ author: { email: 'a@x' } });
    expect(project({ 'title.x': 1, _id: 0 }, doc)).toEqual({});
  });

  it('excludes fields, dotted ones too, keeping the rest in order', () => {
    expect(project({ comments: 0, n: 0, d: 0 }, doc)).toEqual({
      _id: id,
      title: 't',
      author: { name: 'ann', email: 'a@x' },
    });
    expect(project({ 'comments.text': 0, 'author.email': 0, _id: 0, n: 0, d: 0 }, doc)).toEqual({
      title: 't',
      author: { name: 'ann' },
      comments: [{ by: 'bob', votes: 3 }, { by: 'cy', votes: 7 }, 'loose'],
    });
    expect(project({ _id: 0 }, { _id: 1, a: 1 })).toEqual({ a: 1 });
  });

  it('refuses to mix inclusion and exclusion, and colliding paths', () => {
    expectMongoError(
      () => compileProjection({ a: 1, b: 0 }),
      'Location31254',
      'Cannot do exclusion on field b in inclusion projection',
    );
    expectMongoError(
      () => compileProjection({ a: 0, b: 1 }),
      'Location31253',
      'Cannot do inclusion on field b in exclusion projection',
    );
    expectMongoError(
      () => compileProjection({ a: 1, 'a.b': 1 }),
      'Location31250',
      'Path collision at a.b remaining portion b',
    );
    expect(compileProjection({ a: 1, _id: 0 })({ _id: 1, a: 2, b: 3 })).toEqual({ a: 2 });
  });
});

describe('$slice, $elemMatch and positional', () => {
  it('$slice alone keeps the other fields', () => {
    expect(project({ comments: { $slice: 1 } }, doc).comments).toEqual([doc.comments[0]]);
    expect(project({ comments: { $slice: 1 } }, doc).title).toBe('t');
    expect(project({ comments: { $slice: -1 } }, doc).comments).toEqual(['loose']);
    expect(project({ comments: { $slice: [1, 1] }, title: 1 }, doc)).toEqual({
      _id: id,
      title: 't',
      comments: [doc.comments[1]],
    });
    expect(project({ title: { $slice: 1 } }, doc).title).toBe('t');
    expectMongoError(() => compileProjection({ a: { $slice: [1, 0] } }), 'BadValue', '$slice limit must be positive');
  });

  it('$elemMatch returns the first matching element, and acts as an inclusion', () => {
    expect(project({ comments: { $elemMatch: { votes: { $gt: 5 } } } }, doc)).toEqual({
      _id: id,
      comments: [doc.comments[1]],
    });
    expect(project({ comments: { $elemMatch: { votes: { $gt: 50 } } } }, doc)).toEqual({ _id: id });
    expectMongoError(
      () => compileProjection({ 'a.b': { $elemMatch: { x: 1 } } }),
      'BadValue',
      'Cannot use $elemMatch projection on a nested field.',
    );
  });

  it('positional a.$ returns the element the query matched', () => {
    expect(project({ 'comments.$': 1 }, doc, { 'comments.by': 'cy' })).toEqual({
      _id: id,
      comments: [doc.comments[1]],
    });
    expectMongoError(
      () => project({ 'comments.$': 1 }, doc, { title: 't' }),
      'Location51246',
      /positional operator '\.\$' couldn't find a matching element/,
    );
  });
});

describe('computed fields', () => {
  it('sets literals and evaluates aggregation expressions', () => {
    expect(project({ title: 1, kind: 'post', _id: 0 }, doc)).toEqual({ title: 't', kind: 'post' });
    expect(project({ count: { $size: '$comments' }, who: '$author.name', _id: 0 }, doc)).toEqual({
      count: 3,
      who: 'ann',
    });
    expect(project({ 'x.y': { $literal: 1 }, _id: 0 }, doc)).toEqual({ x: { y: 1 } });
  });

  it('refuses $meta and unknown expressions', () => {
    expectMongoError(
      () => compileProjection({ score: { $meta: 'textScore' } }),
      'NotImplemented',
      /\$meta is not supported/,
    );
    expectMongoError(
      () => compileProjection({ a: { $nope: 1 } }),
      'InvalidPipelineOperator',
      "Unrecognized expression '$nope'",
    );
  });
});
