import { Query } from 'mingo';
import { ALL_KEYS } from '../../../server/embedded-mongo/engine/index-bounds';
import { ID_INDEX, type IndexSpec } from '../../../server/embedded-mongo/engine/index-spec';
import type { IndexStore } from '../../../server/embedded-mongo/engine/index-store';
import { planQuery, type PlanOptions, type QueryPlan } from '../../../server/embedded-mongo/engine/planner';
import type { Doc } from '../../../server/embedded-mongo/engine/values';
import { filledIndex, spec } from './index-fixtures';

/** A collection-like fixture: the same documents under several indexes (the `_id` index first). */
function collection(docs: Doc[], ...specs: IndexSpec[]) {
  const built = [ID_INDEX, ...specs].map((s) => filledIndex(s, docs));
  const indexes = built.map((b) => b.index);
  const byId = built[0]!.byId;
  const plan = (filter: Doc, sort?: Doc, options?: PlanOptions) => planQuery(filter, sort, indexes, options);
  /** What a caller does with a plan: scan, apply the whole filter, stop after `limit` matches. */
  const run = (p: QueryPlan, filter: Doc, limit = Infinity) => {
    const query = new Query(filter);
    const before = p.index.keysExamined;
    const seen = new Set<string>();
    const ids: unknown[] = [];
    for (const id of p.index.scan(p.bounds, p.direction)) {
      if (seen.has(id)) continue;
      seen.add(id);
      const doc = byId.get(id)!;
      if (query.test(doc)) ids.push(doc._id);
      if (ids.length >= limit) break;
    }
    return { ids, keysExamined: p.index.keysExamined - before };
  };
  const matching = (filter: Doc) => {
    const query = new Query(filter);
    return docs.filter((d) => query.test(d)).map((d) => d._id);
  };
  const named = (name: string): IndexStore => indexes.find((i) => i.spec.name === name)!;
  return { plan, run, matching, named };
}

const people = () =>
  collection(
    Array.from({ length: 200 }, (_, i) => ({ _id: i, a: i % 5, b: i % 7, n: i, email: `u${i}@x`, name: `User ${i}` })),
    spec({ a: 1 }),
    spec({ a: 1, b: 1 }),
    spec({ b: 1 }),
    spec({ n: 1 }),
    spec({ email: 1 }, { unique: true }),
    spec({ email: 1, name: 1 }),
  );

describe('index choice', () => {
  it('prefers equality on every field of a unique index', () => {
    const c = people();
    expect(c.plan({ _id: 5, a: 0 })?.index.spec.name).toBe('_id_');
    expect(c.plan({ email: 'u3@x', name: 'User 3' })?.index.spec.name).toBe('email_1');
  });

  it('then the longest equality prefix, then a range', () => {
    const c = people();
    const both = c.plan({ a: 1, b: 2 })!;
    expect(both.index.spec.name).toBe('a_1_b_1');
    expect(both.bounds).toEqual({ equals: [[1], [2]] });
    expect(c.plan({ a: { $gt: 1 }, b: 2 })?.index.spec.name).toBe('b_1');
    expect(c.plan({ n: { $gte: 3 } })?.index.spec.name).toBe('n_1');
  });

  it('reads conditions inside a top-level $and and intersects ranges', () => {
    const c = people();
    const filter = { $and: [{ n: { $gt: 50 } }, { n: { $lte: 60 } }, { $or: [{ a: 1 }, { b: 1 }] }] };
    const p = c.plan(filter)!;
    expect(p.index.spec.name).toBe('n_1');
    expect(p.bounds.range).toEqual({ low: { value: 50, inclusive: false }, high: { value: 60, inclusive: true } });
    const { ids, keysExamined } = c.run(p, filter);
    expect(ids).toEqual(c.matching(filter));
    expect(keysExamined).toBeLessThanOrEqual(11);
  });

  it('scans the whole collection for conditions that give no bounds', () => {
    const c = people();
    for (const filter of [
      {},
      { a: { $ne: 1 } },
      { a: { $nin: [1, 2] } },
      { a: { $exists: true } },
      { a: { $type: 'number' } },
      { a: { $not: { $gt: 2 } } },
      { email: /^u1/ },
      { email: { $regex: '^u1' } },
      { a: [1, 2] },
      { $or: [{ a: 1 }, { b: 2 }] },
      { unindexed: 3 },
    ]) {
      expect(c.plan(filter)).toBeNull();
    }
  });

  it('uses $in as several equality points, in sort order', () => {
    const c = people();
    const filter = { a: { $in: [3, 1] } };
    const p = c.plan(filter, { a: -1 })!;
    expect(p).toMatchObject({ providesSort: true, direction: -1 });
    const { ids } = c.run(p, filter);
    expect(ids.map((id) => (id as number) % 5)).toEqual([...Array(40).fill(3), ...Array(40).fill(1)]);
  });

  it('brackets ranges by type, as MongoDB compares', () => {
    const docs: Doc[] = [
      ...Array.from({ length: 20 }, (_, i) => ({ _id: i, v: i })),
      ...Array.from({ length: 20 }, (_, i) => ({ _id: `s${i}`, v: `text ${i}` })),
      { _id: 'old', v: new Date(1000) },
      { _id: 'new', v: new Date(9000) },
    ];
    const c = collection(docs, spec({ v: 1 }));
    const numbers = c.run(c.plan({ v: { $gt: 15 } })!, { v: { $gt: 15 } });
    expect(numbers.ids).toEqual([16, 17, 18, 19]);
    expect(numbers.keysExamined).toBeLessThanOrEqual(5);
    const expired = c.plan({ v: { $lt: new Date(5000) } })!;
    expect(c.run(expired, { v: { $lt: new Date(5000) } })).toEqual({ ids: ['old'], keysExamined: 2 });
  });
});

describe('sort', () => {
  const thread = () =>
    collection(
      Array.from({ length: 10_000 }, (_, i) => ({ _id: i, articleId: `a${i % 10}`, seq: Math.floor(i / 10) })),
      spec({ articleId: 1, seq: 1 }),
    );

  it('follows an equality prefix then a range, in either direction, stopping at the limit', () => {
    const c = thread();
    const filter = { articleId: 'a3', seq: { $gt: 100 } };
    const up = c.plan(filter, { seq: 1 })!;
    expect(up).toMatchObject({
      providesSort: true,
      direction: 1,
      bounds: { equals: [['a3']], range: { low: { value: 100, inclusive: false } } },
    });
    expect(up.index.spec.name).toBe('articleId_1_seq_1');
    expect(c.run(up, filter, 3)).toEqual({ ids: [1013, 1023, 1033], keysExamined: 3 });

    const down = c.plan(filter, { seq: -1 })!;
    expect(down).toMatchObject({ providesSort: true, direction: -1 });
    expect(c.run(down, filter, 3)).toEqual({ ids: [9993, 9983, 9973], keysExamined: 3 });

    expect(c.plan(filter, { articleId: -1, seq: -1 })).toMatchObject({ providesSort: true, direction: -1 });
  });

  it('does not claim a sort the index order does not give', () => {
    const c = thread();
    expect(c.plan({ articleId: 'a3' }, { seq: 1, _id: 1 })?.providesSort).toBe(false);
    expect(c.plan({ articleId: { $in: ['a1', 'a2'] } }, { seq: 1 })?.providesSort).toBe(false);
    expect(c.plan({ seq: 5 }, { seq: 1 })).toBeNull(); // seq is not a prefix: no bounds, no order
    expect(c.plan({ seq: 5 }, { articleId: 1 })).toMatchObject({ bounds: ALL_KEYS, providesSort: true });
    const c3 = collection([], spec({ a: 1, b: 1, c: 1 }));
    expect(c3.plan({ a: 1 }, { c: 1 })?.providesSort).toBe(false);
    expect(c3.plan({ a: 1 }, { b: -1, c: -1 })).toMatchObject({ providesSort: true, direction: -1 });
    expect(c3.plan({ a: 1 }, { b: 1, c: -1 })?.providesSort).toBe(false);
    expect(c3.plan({ a: 1, b: 2 }, { c: -1, a: 1 })).toMatchObject({ providesSort: true, direction: -1 });
  });

  it('uses an index for the sort alone, over every key', () => {
    const c = collection([], spec({ createdAt: 1 }));
    const p = c.plan({}, { createdAt: -1 })!;
    expect(p).toMatchObject({ providesSort: true, direction: -1 });
    expect(p.bounds).toBe(ALL_KEYS);
    expect(c.plan({}, { _id: 1 })?.index.spec.name).toBe('_id_');
    expect(c.plan({}, { other: 1 })).toBeNull();
  });

  it('rejects a bad sort the same way compileSort does', () => {
    const c = collection([], spec({ a: 1 }));
    expect(() => c.plan({}, { a: 'up' })).toThrow(expect.objectContaining({ code: 2 }));
  });
});

describe('indexes that need care', () => {
  it('uses one side of a range on a multikey field, and no sort from it', () => {
    const docs: Doc[] = [
      { _id: 1, a: [0, 10] },
      { _id: 2, a: 3 },
      { _id: 3, a: 7 },
    ];
    const c = collection(docs, spec({ a: 1 }));
    const filter = { a: { $gt: 1, $lt: 5 } };
    const p = c.plan(filter)!;
    // Only one of 1 and 5 bounds the scan; the other side stays open to the end of the numbers.
    const { low, high } = p.bounds.range!;
    expect([low?.value, high?.value].filter((v) => typeof v === 'number')).toHaveLength(1);
    expect(c.run(p, filter).ids.sort()).toEqual(c.matching(filter).sort());
    expect(c.matching(filter)).toEqual([1, 2]);
    expect(c.plan({}, { a: 1 })).toBeNull();

    const flat = collection([{ _id: 2, a: 3 }], spec({ a: 1 }));
    expect(flat.plan(filter)?.bounds.range).toEqual({
      low: { value: 1, inclusive: false },
      high: { value: 5, inclusive: false },
    });
  });

  it('uses a sparse index only when the filter needs the field to exist', () => {
    const c = collection([{ _id: 1 }, { _id: 2, email: 'x' }], spec({ email: 1 }, { sparse: true }));
    expect(c.plan({}, { email: 1 })).toBeNull();
    expect(c.plan({ email: null })).toBeNull();
    expect(c.plan({ email: 'x' })?.index.spec.name).toBe('email_1');
    expect(c.plan({ email: { $exists: true } }, { email: 1 })?.providesSort).toBe(true);
  });

  it('uses a partial index only when hinted', () => {
    const c = collection([], spec({ email: 1 }, { partialFilterExpression: { active: true } }));
    expect(c.plan({ email: 'x', active: true })).toBeNull();
    expect(c.plan({ email: 'x', active: true }, undefined, { hint: 'email_1' })?.index.spec.name).toBe('email_1');
  });

  it('matches collations between query and index', () => {
    const ci = { locale: 'en', strength: 2 };
    const c = collection(
      [{ _id: 1, name: 'Bob', title: 'T', n: 1 }],
      spec({ name: 1 }, { collation: ci }),
      spec({ title: 1 }),
      spec({ n: 1 }),
    );
    expect(c.plan({ name: 'bob' })).toBeNull();
    expect(c.plan({ name: 'bob' }, undefined, { collation: { locale: 'fr', strength: 1 } })).toBeNull();
    const p = c.plan({ name: 'bob' }, undefined, { collation: ci })!;
    expect(p.index.spec.name).toBe('name_1');
    expect(c.run(p, { name: { $in: ['Bob'] } }).ids).toEqual([1]);
    // A simple index still serves numbers under a collation, but not strings.
    expect(c.plan({ title: 't' }, undefined, { collation: ci })).toBeNull();
    expect(c.plan({ n: 1 }, undefined, { collation: ci })?.index.spec.name).toBe('n_1');
    expect(c.plan({ _id: 1 }, undefined, { collation: ci })?.index.spec.name).toBe('_id_');
  });

  it('follows a hint by name or key pattern, and refuses an unknown one', () => {
    const c = people();
    expect(c.plan({ a: 1, b: 2 }, undefined, { hint: 'b_1' })?.index.spec.name).toBe('b_1');
    expect(c.plan({ a: 1, b: 2 }, undefined, { hint: { a: 1 } })?.index.spec.name).toBe('a_1');
    expect(c.plan({}, undefined, { hint: { n: 1 } })?.bounds).toBe(ALL_KEYS);
    expect(c.plan({ _id: 1 }, undefined, { hint: { $natural: 1 } })).toBeNull();
    expect(() => c.plan({}, undefined, { hint: 'nope' })).toThrow(
      expect.objectContaining({ code: 2, message: 'hint provided does not correspond to an existing index' }),
    );
    expect(() => c.plan({}, undefined, { hint: { a: -1 } })).toThrow(expect.objectContaining({ code: 2 }));
  });
});
