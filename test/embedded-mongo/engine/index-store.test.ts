import { Query } from 'mingo';
import { idKey } from '../../../server/embedded-mongo/engine/compare';
import { ALL_KEYS, type IndexBounds } from '../../../server/embedded-mongo/engine/index-bounds';
import { IndexStore } from '../../../server/embedded-mongo/engine/index-store';
import type { Doc } from '../../../server/embedded-mongo/engine/values';
import { filledIndex, matches, scannedIds, spec } from './index-fixtures';

const numbered = (n: number): Doc[] => Array.from({ length: n }, (_, i) => ({ _id: i, n: (i * 7) % n }));

describe('IndexStore basics', () => {
  it('scans in key order both ways and forgets removed documents', () => {
    const docs = numbered(50);
    const { index, byId } = filledIndex(spec({ n: 1 }), docs);
    const ascending = [...docs].sort((a, b) => (a.n as number) - (b.n as number)).map((d) => d._id);
    expect(index.size).toBe(50);
    expect(scannedIds(index.scan(ALL_KEYS, 1), byId)).toEqual(ascending);
    expect(scannedIds(index.scan(ALL_KEYS, -1), byId)).toEqual([...ascending].reverse());

    for (const doc of docs.slice(0, 10)) index.remove(doc, idKey(doc._id));
    expect(index.size).toBe(40);
    expect(scannedIds(index.scan(ALL_KEYS, 1), byId)).toEqual(ascending.filter((id) => (id as number) >= 10));
  });

  it('holds a descending field in descending order', () => {
    const { index, byId } = filledIndex(spec({ n: -1 }), [
      { _id: 'a', n: 1 },
      { _id: 'b', n: 3 },
      { _id: 'c', n: 2 },
    ]);
    expect(scannedIds(index.scan(ALL_KEYS, 1), byId)).toEqual(['b', 'c', 'a']);
    expect(scannedIds(index.scan({ equals: [], range: { low: { value: 2, inclusive: true } } }, 1), byId)).toEqual([
      'b',
      'c',
    ]);
  });

  it('refuses index types and options it does not implement', () => {
    for (const type of ['text', '2dsphere', '2d', 'hashed']) {
      expect(() => new IndexStore(spec({ body: type }))).toThrow(
        expect.objectContaining({
          code: 67,
          codeName: 'CannotCreateIndex',
          message: expect.stringContaining(`'${type}' indexes are not supported by the embedded`),
        }),
      );
    }
    expect(() => new IndexStore(spec({ a: 0 }))).toThrow(expect.objectContaining({ code: 67 }));
    expect(() => new IndexStore(spec({}))).toThrow(expect.objectContaining({ code: 67 }));
    expect(() => new IndexStore(spec({ a: 1 }, { collation: { locale: 'en', numericOrdering: true } }))).toThrow(
      expect.objectContaining({ code: 2, message: expect.stringContaining('numericOrdering') }),
    );
    expect(() => new IndexStore(spec({ a: 1 }, { collation: { locale: 'en', strength: 4 } }))).toThrow(
      expect.objectContaining({ code: 2 }),
    );
    // Defaults that listIndexes would echo back are fine.
    expect(
      () =>
        new IndexStore(
          spec({ a: 1 }, { collation: { locale: 'en', strength: 2, caseLevel: false, alternate: 'non-ignorable' } }),
        ),
    ).not.toThrow();
  });
});

describe('keys and unique conflicts', () => {
  it('reports a compound unique conflict with its keyValue, ignoring the document itself', () => {
    const { index } = filledIndex(spec({ a: 1, b: 1 }, { unique: true }), [{ _id: 1, a: 1, b: 2 }]);
    expect(index.findConflict({ _id: 2, a: 1, b: 2 })).toEqual({ keyValue: { a: 1, b: 2 } });
    expect(index.findConflict({ _id: 2, a: 1, b: 3 })).toBeNull();
    expect(index.findConflict({ _id: 1, a: 1, b: 2 }, idKey(1))).toBeNull();
  });

  it('treats a missing field as null, so two documents without it collide', () => {
    const { index } = filledIndex(spec({ email: 1 }, { unique: true }), [{ _id: 1 }]);
    expect(index.findConflict({ _id: 2 })).toEqual({ keyValue: { email: null } });
    expect(index.findConflict({ _id: 2, email: null })).toEqual({ keyValue: { email: null } });
  });

  it('leaves documents without any field out of a sparse index', () => {
    const { index } = filledIndex(spec({ email: 1, phone: 1 }, { unique: true, sparse: true }), [{ _id: 1 }]);
    expect(index.size).toBe(0);
    expect(index.keysOf({ _id: 2 })).toEqual([]);
    expect(index.findConflict({ _id: 2 })).toBeNull();
    expect(index.keysOf({ _id: 3, phone: '5' })).toEqual([[null, '5']]);
    expect(index.keysOf({ _id: 4, email: null })).toEqual([[null, null]]);
  });

  it('indexes only documents matching a partial filter', () => {
    const { index } = filledIndex(spec({ email: 1 }, { unique: true, partialFilterExpression: { active: true } }), [
      { _id: 1, email: 'x', active: false },
      { _id: 2, email: 'y', active: true },
    ]);
    expect(index.size).toBe(1);
    expect(index.findConflict({ _id: 3, email: 'x', active: true })).toBeNull();
    expect(index.findConflict({ _id: 3, email: 'y', active: true })).toEqual({ keyValue: { email: 'y' } });
    expect(index.findConflict({ _id: 3, email: 'y', active: false })).toBeNull();
    expect(() => new IndexStore(spec({ a: 1 }, { partialFilterExpression: { a: 1 } }))).toThrow(/matcher/);
    expect(
      () => new IndexStore(spec({ a: 1 }, { sparse: true, partialFilterExpression: { a: 1 } }), { matches }),
    ).toThrow(expect.objectContaining({ code: 67 }));
  });

  it('gives one key per distinct array element and refuses parallel arrays', () => {
    const index = new IndexStore(spec({ tags: 1, n: 1 }), { matches });
    expect(index.keysOf({ tags: ['b', 'a', 'b'], n: 1 })).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    expect(index.keysOf({ tags: [], n: 1 })).toHaveLength(1);
    expect(() => index.keysOf({ tags: ['a'], n: [1, 2] })).toThrow(
      expect.objectContaining({
        code: 171,
        codeName: 'CannotIndexParallelArrays',
        message: 'cannot index parallel arrays [n] [tags]',
      }),
    );
    // mongod names the arrays by their last path part, the one met last first.
    expect(() =>
      new IndexStore(spec({ 'x.a': 1, 'y.b.c': 1 })).keysOf({ x: { a: [1] }, y: { b: [{ c: 1 }] } }),
    ).toThrow(expect.objectContaining({ code: 171, message: 'cannot index parallel arrays [b] [a]' }));
    // Two paths inside the same array are not parallel: they take one element at a time.
    const shared = new IndexStore(spec({ 'items.sku': 1, 'items.qty': 1 }));
    expect(shared.keysOf({ items: [{ sku: 'a', qty: 1 }] })).toEqual([['a', 1]]);
    expect(shared.keysOf({ items: [{ sku: 'b', qty: 2 }, { sku: 'a', qty: 1 }, { qty: 3 }] })).toEqual([
      [null, 3],
      ['a', 1],
      ['b', 2],
    ]);
    // An array inside an element is expanded within that element only.
    expect(
      new IndexStore(spec({ 'a.b': 1, 'a.c': 1 })).keysOf({
        a: [
          { b: [1, 2], c: 'x' },
          { b: 3, c: 'y' },
        ],
      }),
    ).toEqual([
      [1, 'x'],
      [2, 'x'],
      [3, 'y'],
    ]);
    // A path through subdocuments that lack the field gives null for them.
    expect(new IndexStore(spec({ 'items.sku': 1 })).keysOf({ items: [{ sku: 'a' }, { qty: 2 }] })).toEqual([
      [null],
      ['a'],
    ]);
  });

  it('leaves out of a sparse index the elements that lack every field', () => {
    const index = new IndexStore(spec({ 'a.b': 1 }, { sparse: true }));
    expect(index.keysOf({ a: [{ b: 1 }, { c: 2 }] })).toEqual([[1]]);
    expect(index.keysOf({ a: [] })).toEqual([]);
  });

  it('finds a multikey document through any of its elements, and marks the field multikey', () => {
    const { index, byId } = filledIndex(spec({ tags: 1 }), [
      { _id: 1, tags: ['red', 'blue'] },
      { _id: 2, tags: 'blue' },
    ]);
    expect(index.isMultikeyField(0)).toBe(true);
    expect(scannedIds(index.scan({ equals: [['blue']] }, 1), byId)).toEqual([1, 2]);
    expect(scannedIds(index.scan({ equals: [['red']] }, 1), byId)).toEqual([1]);
  });
});

describe('collation', () => {
  const named = (strength: number) => spec({ name: 1 }, { unique: true, collation: { locale: 'en', strength } });

  it('makes a strength 2 unique index case-insensitive, reporting the new value', () => {
    const { index } = filledIndex(named(2), [{ _id: 1, name: 'Alice' }]);
    expect(index.findConflict({ _id: 2, name: 'alice' })).toEqual({ keyValue: { name: 'alice' } });
    expect(index.findConflict({ _id: 2, name: 'ALICE' })).not.toBeNull();
    expect(index.findConflict({ _id: 2, name: 'Alicé' })).toBeNull(); // accents still count at strength 2
  });

  it('ignores accents too at strength 1, and nothing at strength 3', () => {
    expect(
      filledIndex(named(1), [{ _id: 1, name: 'José' }]).index.findConflict({ _id: 2, name: 'JOSE' }),
    ).not.toBeNull();
    expect(filledIndex(named(3), [{ _id: 1, name: 'Alice' }]).index.findConflict({ _id: 2, name: 'alice' })).toBeNull();
  });

  it('folds the bounds of a scan the same way', () => {
    const { index, byId } = filledIndex(spec({ name: 1 }, { collation: { locale: 'en', strength: 2 } }), [
      { _id: 1, name: 'bob' },
      { _id: 2, name: 'BOB' },
      { _id: 3, name: 'Carl' },
    ]);
    expect(scannedIds(index.scan({ equals: [['Bob']] }, 1), byId).sort()).toEqual([1, 2]);
  });
});

describe('scans over 10,000 keys', () => {
  // g in 0..9, n in 0..999 stored descending: the bounds below must give exactly what a filter gives.
  const docs: Doc[] = Array.from({ length: 10_000 }, (_, i) => ({ _id: i, g: i % 10, n: Math.floor(i / 10) }));
  const { index, byId } = filledIndex(spec({ g: 1, n: -1 }), docs);
  const expected = (filter: Doc, order: (a: Doc, b: Doc) => number) => {
    const query = new Query(filter);
    return docs
      .filter((d) => query.test(d))
      .sort(order)
      .map((d) => d._id);
  };
  const byGThenNDown = (a: Doc, b: Doc) => (a.g as number) - (b.g as number) || (b.n as number) - (a.n as number);

  const cases: { name: string; bounds: IndexBounds; filter: Doc }[] = [
    { name: 'an equality', bounds: { equals: [[3]] }, filter: { g: 3 } },
    {
      name: 'an equality then a half-open range',
      bounds: {
        equals: [[3]],
        range: { low: { value: 100, inclusive: false }, high: { value: 120, inclusive: true } },
      },
      filter: { g: 3, n: { $gt: 100, $lte: 120 } },
    },
    {
      name: '$in then an upper bound',
      bounds: { equals: [[7, 2]], range: { high: { value: 5, inclusive: false } } },
      filter: { g: { $in: [2, 7] }, n: { $lt: 5 } },
    },
    {
      name: 'a range on the first field',
      bounds: { equals: [], range: { low: { value: 8, inclusive: true } } },
      filter: { g: { $gte: 8 } },
    },
    { name: 'a full key', bounds: { equals: [[4], [999]] }, filter: { g: 4, n: 999 } },
  ];

  it.each(cases)('yields exactly the documents of $name, in index order both ways', ({ bounds, filter }) => {
    const want = expected(filter, byGThenNDown);
    expect(want.length).toBeGreaterThan(0);
    expect(scannedIds(index.scan(bounds, 1), byId)).toEqual(want);
    expect(scannedIds(index.scan(bounds, -1), byId)).toEqual([...want].reverse());
  });

  it('yields nothing for ranges beyond either end or crossing types', () => {
    const outside: IndexBounds[] = [
      { equals: [], range: { low: { value: 9, inclusive: false } } },
      { equals: [], range: { high: { value: 0, inclusive: false } } },
      { equals: [[3]], range: { low: { value: 999, inclusive: false } } },
      { equals: [[3]], range: { low: { value: 'a', inclusive: true }, high: { value: 'z', inclusive: true } } },
    ];
    for (const bounds of outside) {
      expect([...index.scan(bounds, 1)]).toEqual([]);
      expect([...index.scan(bounds, -1)]).toEqual([]);
    }
  });

  it('reads only the keys of the range, and stops when the consumer stops', () => {
    const before = index.keysExamined;
    const range: IndexBounds = {
      equals: [[5]],
      range: { low: { value: 200, inclusive: true }, high: { value: 249, inclusive: true } },
    };
    expect([...index.scan(range, 1)]).toHaveLength(50);
    expect(index.keysExamined - before).toBeLessThanOrEqual(51); // the one key past the end is read too

    const start = index.keysExamined;
    let taken = 0;
    for (const _ of index.scan(ALL_KEYS, -1)) if (++taken === 5) break;
    expect(index.keysExamined - start).toBe(5);
  });

  it('finds one key among 100,000 by reading at most two', () => {
    const big = new IndexStore(spec({ k: 1 }, { unique: true }));
    for (let i = 0; i < 100_000; i++) big.insert({ _id: i, k: `key${i}` }, idKey(i));
    const before = big.keysExamined;
    expect([...big.scan({ equals: [['key77777']] }, 1)]).toEqual([idKey(77777)]);
    expect(big.keysExamined - before).toBeLessThanOrEqual(2);
    expect(big.findConflict({ _id: -1, k: 'key99999' })).toEqual({ keyValue: { k: 'key99999' } });
  });
});
