import { createRounds, createSharedRead } from '../../server/lib/rounds';

/** A promise and its resolver, to hold a round in flight. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}
const settle = () => new Promise((r) => setImmediate(r));

describe('createRounds', () => {
  it('serves what arrives during a round in the next one, per key, each item its own result', async () => {
    const calls: { key: string; items: number[] }[] = [];
    const first = gate();
    const rounds = createRounds<number, number>(async (key, items) => {
      calls.push({ key, items: [...items] });
      if (calls.length === 1) await first.opened;
      return items.map((n) => n * 10);
    });
    const a = rounds('k', 1);
    await settle();
    const later = [rounds('k', 2), rounds('k', 3), rounds('other', 4)];
    await settle();
    expect(calls).toEqual([
      { key: 'k', items: [1] },
      { key: 'other', items: [4] },
    ]);
    first.open();
    expect(await Promise.all([a, ...later])).toEqual([10, 20, 30, 40]);
    expect(calls[2]).toEqual({ key: 'k', items: [2, 3] });
  });

  it('rejects every item of a failed round, and runs the next round still', async () => {
    let fail = true;
    const first = gate();
    const rounds = createRounds<string, string>(async (_key, items) => {
      await first.opened;
      if (fail) throw new Error('store down');
      return items;
    });
    const failed = [rounds('k', 'a')];
    await settle();
    const next = rounds('k', 'b');
    first.open();
    await expect(failed[0]).rejects.toThrow('store down');
    fail = false;
    await expect(next).resolves.toBe('b');
  });
});

describe('createSharedRead', () => {
  it('never answers a caller with a value read before it asked', async () => {
    let value = 1;
    const reads: number[] = [];
    const first = gate();
    const read = createSharedRead(async () => {
      const seen = value;
      reads.push(seen);
      if (reads.length === 1) await first.opened;
      return seen;
    });
    const early = read('x');
    await settle();
    value = 2; // changed after the first read was made: the callers from now on must see it
    const late = [read('x'), read('x')];
    first.open();
    expect(await early).toBe(1);
    expect(await Promise.all(late)).toEqual([2, 2]);
    expect(reads).toEqual([1, 2]);
  });
});
