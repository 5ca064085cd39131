import { docsOf, fileStorage, put, reopen, useTempDir } from './helpers';

const tempDir = useTempDir();

describe('group commit', () => {
  it('makes 200 concurrent appends share a few fsyncs, and keeps their order', async () => {
    const { storage } = fileStorage(tempDir());
    await storage.open();
    await Promise.all(Array.from({ length: 200 }, (_, i) => storage.append([put({ _id: i })])));
    expect(storage.stats.fsyncs).toBeGreaterThan(0);
    expect(storage.stats.fsyncs).toBeLessThanOrEqual(10);
    await storage.close();

    const ids = docsOf((await reopen(tempDir())).state).map((d) => d._id);
    expect(ids).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('shares fsyncs among writers that each wait for their previous write (32 connections)', async () => {
    const { storage } = fileStorage(tempDir());
    await storage.open();
    const perWriter = 20;
    const writer = async (w: number): Promise<void> => {
      for (let i = 0; i < perWriter; i++) await storage.append([put({ _id: `${w}-${i}`, w, i })]);
    };
    await Promise.all(Array.from({ length: 32 }, (_, w) => writer(w)));
    expect(storage.stats.fsyncs).toBeLessThan((32 * perWriter) / 4);
    await storage.close();
    expect(docsOf((await reopen(tempDir())).state)).toHaveLength(32 * perWriter);
  });

  it('writes records in the order append was called, across batches', async () => {
    const { storage } = fileStorage(tempDir());
    await storage.open();
    // The same document written 100 times by concurrent calls, spread over several batches: the last
    // call's version must win.
    const writes: Promise<void>[] = [];
    for (let v = 0; v < 100; v++) {
      writes.push(storage.append([put({ _id: 'doc', v })]));
      if (v % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(writes);
    expect(storage.stats.fsyncs).toBeGreaterThan(1);
    await storage.append([put({ _id: 'doc', v: 'last' }), { op: 'del', db: 'test', coll: 'c', id: 'gone' }]);
    await storage.close();
    expect(docsOf((await reopen(tempDir())).state)).toEqual([{ _id: 'doc', v: 'last' }]);
  });

  it('resolves an append only after its record is on disk', async () => {
    const { storage } = fileStorage(tempDir());
    await storage.open();
    const fsyncsBefore = storage.stats.fsyncs;
    await storage.append([put({ _id: 1 })]);
    expect(storage.stats.fsyncs).toBe(fsyncsBefore + 1);
    expect(storage.stats.bytesWritten).toBeGreaterThan(0);
    await storage.close();
  });
});
