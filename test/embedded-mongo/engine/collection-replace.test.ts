import { Collection, type WriteBatch } from '../../../server/embedded-mongo/engine/collection';
import { ALL_KEYS } from '../../../server/embedded-mongo/engine/index-bounds';
import type { Doc } from '../../../server/embedded-mongo/engine/values';
import { spec } from './index-fixtures';

/** The `_id`s of the documents an index of `coll` holds, in key order. */
const idsIn = (coll: Collection, name: string) =>
  [...coll.findIndex(name)!.scan(ALL_KEYS, 1)].map((id) => coll.docs.get(id)!._id);

describe('Collection.replace, which touches only the indexes whose keys move', () => {
  const make = () => {
    const coll = new Collection('db', 'c', {}, [
      spec({ a: 1 }, { name: 'a_1' }),
      spec({ b: 1 }, { name: 'b_1', unique: true }),
      spec({ c: 1 }, { name: 'c_1', sparse: true }),
    ]);
    const batch: WriteBatch = [];
    const docs: Doc[] = [
      { _id: 1, a: 2, b: 'x', c: 1 },
      { _id: 2, a: 1, b: 'y' },
    ];
    for (const d of docs) coll.insert(d, batch);
    return { coll, batch, docs };
  };

  it('keeps unchanged keys, moves changed ones, and drops keys a sparse index no longer holds', () => {
    const { coll, batch, docs } = make();
    coll.replace(docs[0]!, { _id: 1, a: 0, b: 'x', other: true }, batch);
    expect(idsIn(coll, 'a_1')).toEqual([1, 2]);
    expect(idsIn(coll, 'b_1')).toEqual([1, 2]);
    expect(idsIn(coll, 'c_1')).toEqual([]);
    expect(batch.at(-1)).toMatchObject({ op: 'put', doc: { _id: 1, a: 0 } });
  });

  it('still refuses a duplicate of a unique key and changes nothing then', () => {
    const { coll, batch, docs } = make();
    expect(() => coll.replace(docs[1]!, { _id: 2, a: 5, b: 'x' }, batch)).toThrow(/E11000/);
    expect(idsIn(coll, 'a_1')).toEqual([2, 1]);
    expect(coll.docs.get(coll.findIndex('a_1')!.scan(ALL_KEYS, 1).next().value!)).toBe(docs[1]);
  });

  it('marks an index multikey when a value becomes an array holding the same key', () => {
    const { coll, batch, docs } = make();
    coll.replace(docs[0]!, { ...docs[0]!, a: [2] }, batch);
    expect(coll.findIndex('a_1')!.multikey).toBe(true);
    expect(idsIn(coll, 'a_1')).toEqual([2, 1]);
  });
});
