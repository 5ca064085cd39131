import { Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId } from 'bson';
import { getPathValues } from '../../../server/embedded-mongo/engine/paths';
import { compileSort } from '../../../server/embedded-mongo/engine/sort';
import type { Doc } from '../../../server/embedded-mongo/engine/values';

const sortedIds = (docs: Doc[], sort: Doc, collation?: Doc) =>
  [...docs].sort(compileSort(sort, collation)).map((d) => d._id);

describe('compileSort', () => {
  it('orders mixed types in BSON order, missing and null alike', () => {
    const docs: Doc[] = [
      { _id: 'date', v: new Date(0) },
      { _id: 'bool', v: false },
      { _id: 'oid', v: new ObjectId('000000000000000000000001') },
      { _id: 'array', v: [[1]] }, // an array element that is itself an array keeps the array rank
      { _id: 'object', v: { x: 1 } },
      { _id: 'string', v: 'a' },
      { _id: 'number', v: 7 },
      { _id: 'null', v: null },
      { _id: 'missing' },
      { _id: 'maxKey', v: new MaxKey() },
      { _id: 'minKey', v: new MinKey() },
    ];
    expect(sortedIds(docs, { v: 1 })).toEqual([
      'minKey',
      'null',
      'missing',
      'number',
      'string',
      'object',
      'array',
      'oid',
      'bool',
      'date',
      'maxKey',
    ]);
    expect(sortedIds(docs, { v: -1 })).toEqual([
      'maxKey',
      'date',
      'bool',
      'oid',
      'array',
      'object',
      'string',
      'number',
      'null',
      'missing',
      'minKey',
    ]);
  });

  it('compares numbers of every type by value', () => {
    const docs: Doc[] = [
      { _id: 'double 2', v: new Double(2) },
      { _id: 'long 1', v: Long.fromNumber(1) },
      { _id: 'decimal 1.5', v: Decimal128.fromString('1.5') },
      { _id: 'int 3', v: 3 },
      { _id: 'half', v: 0.5 },
      { _id: 'big long', v: Long.fromString('9007199254740993') },
      { _id: 'negative', v: -4 },
    ];
    expect(sortedIds(docs, { v: 1 })).toEqual([
      'negative',
      'half',
      'long 1',
      'decimal 1.5',
      'double 2',
      'int 3',
      'big long',
    ]);
  });

  it('sorts an array by its smallest element ascending and its largest descending', () => {
    const docs: Doc[] = [
      { _id: 'wide', v: [1, 10] },
      { _id: 'five', v: 5 },
      { _id: 'empty', v: [] },
      { _id: 'null', v: null },
    ];
    // An empty array sorts below null (mongod's `undefined` key): first ascending, last descending.
    expect(sortedIds(docs, { v: 1 })).toEqual(['empty', 'null', 'wide', 'five']);
    expect(sortedIds(docs, { v: -1 })).toEqual(['wide', 'five', 'null', 'empty']);
  });

  it('collects every value a path reaches through arrays of subdocuments', () => {
    const docs: Doc[] = [
      { _id: 'a', items: [{ p: 3 }, { p: 9 }] },
      { _id: 'b', items: [{ p: 5 }] },
      { _id: 'c', items: [{ p: 4 }, { q: 1 }] }, // the element without p counts as null
    ];
    expect(sortedIds(docs, { 'items.p': 1 })).toEqual(['c', 'a', 'b']);
    expect(sortedIds(docs, { 'items.p': -1 })).toEqual(['a', 'b', 'c']);
  });

  it('breaks ties with the next key and keeps the input order for full ties', () => {
    const docs: Doc[] = [
      { _id: 1, a: 1, b: 'x' },
      { _id: 2, a: 2, b: 'y' },
      { _id: 3, a: 1, b: 'z' },
      { _id: 4, a: 2, b: 'y' },
    ];
    expect(sortedIds(docs, { a: -1, b: 1 })).toEqual([2, 4, 1, 3]);
    expect(sortedIds(docs, { a: 1, b: -1 })).toEqual([3, 1, 2, 4]);
    expect(sortedIds(docs, {})).toEqual([1, 2, 3, 4]);
  });

  it('accepts numeric wrappers as directions', () => {
    const docs: Doc[] = [
      { _id: 1, a: 1 },
      { _id: 2, a: 2 },
    ];
    expect(sortedIds(docs, { a: new Int32(-1) })).toEqual([2, 1]);
    expect(sortedIds(docs, { a: new Double(1) })).toEqual([1, 2]);
    expect(sortedIds(docs, { a: Long.fromNumber(-1) })).toEqual([2, 1]);
  });

  it('rejects $meta and directions other than 1 and -1 with BadValue', () => {
    expect(() => compileSort({ score: { $meta: 'textScore' } })).toThrow(
      expect.objectContaining({ code: 2, codeName: 'BadValue' }),
    );
    for (const bad of [2, 0, 'asc', true, null, { x: 1 }]) {
      expect(() => compileSort({ a: bad })).toThrow(
        expect.objectContaining({
          code: 2,
          message: '$sort key ordering must be 1 (for ascending) or -1 (for descending)',
        }),
      );
    }
  });

  it('compares strings folded under a collation of strength 2', () => {
    const docs: Doc[] = [
      { _id: 'B', n: 'Bob' },
      { _id: 'a', n: 'alice' },
      { _id: 'C', n: 'Carol' },
    ];
    expect(sortedIds(docs, { n: 1 })).toEqual(['B', 'C', 'a']);
    expect(sortedIds(docs, { n: 1 }, { locale: 'en', strength: 2 })).toEqual(['a', 'B', 'C']);
  });
});

describe('getPathValues', () => {
  it('returns every value a dotted path reaches, marking missing branches', () => {
    expect(getPathValues({ a: { b: 1 } }, 'a.b')).toEqual([1]);
    expect(getPathValues({ a: [{ b: 1 }, { b: [2, 3] }, { c: 4 }, 5] }, 'a.b')).toEqual([
      1,
      [2, 3],
      undefined,
      undefined,
    ]);
    expect(getPathValues({ a: [10, 20] }, 'a.1')).toEqual([20]);
    expect(getPathValues({}, 'a.b')).toEqual([undefined]);
    expect(getPathValues({ a: [1, 2] }, 'a')).toEqual([[1, 2]]);
  });
});
