import { writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseState } from '../../../server/embedded-mongo/storage/types';
import { everyType, fileStorage, journalPath, listDir, OneCollectionEngine, put, reopen, useTempDir } from './helpers';

const tempDir = useTempDir();

describe('snapshot compaction', () => {
  it('compacts repeatedly while 32 writers put and delete, and reopens to the same state', async () => {
    const { engine } = OneCollectionEngine.create(tempDir(), { compactAfterBytes: 16 * 1024 });
    await engine.open();
    // Each writer inserts its own documents, replaces some and deletes others, so a change lost anywhere
    // (say, appended between the state capture and the journal rotation) shows in the final state.
    const writer = async (w: number): Promise<void> => {
      for (let i = 0; i < 60; i++) {
        await engine.put({ _id: `${w}-${i}`, version: 0, text: 'x'.repeat(200) });
        if (i % 3 === 2) await engine.put({ _id: `${w}-${i - 1}`, version: 1 });
        if (i % 5 === 4) await engine.del(`${w}-${i - 2}`);
      }
    };
    await Promise.all(Array.from({ length: 32 }, (_, w) => writer(w)));
    expect(engine.storage.stats.snapshots).toBeGreaterThanOrEqual(3);
    const expected = engine.state();
    await engine.storage.close();

    // Superseded journals and snapshots are gone: one snapshot, and the journals after it.
    const files = listDir(tempDir());
    expect(files.filter((f) => f.startsWith('snapshot-'))).toHaveLength(1);
    expect(files.filter((f) => f.startsWith('journal-')).length).toBeLessThanOrEqual(2);
    expect((await reopen(tempDir())).state).toStrictEqual(expected);
  });

  it('keeps appending while a snapshot is being written', async () => {
    const big: DatabaseState[] = [
      {
        name: 'test',
        collections: [
          {
            name: 'c',
            options: {},
            indexes: [],
            docs: Array.from({ length: 8000 }, (_, i) => ({ _id: `big-${i}`, text: 'y'.repeat(1000) })),
          },
        ],
      },
    ];
    const { storage } = fileStorage(tempDir(), { compactAfterBytes: 1, captureState: () => big });
    await storage.open();
    await storage.append([put({ _id: 'big-0', text: 'starts the compaction' })]);
    await storage.append([put({ _id: 'during' })]);
    expect(storage.stats.snapshots).toBe(0); // the append did not wait for the snapshot
    await storage.close();
    expect(storage.stats.snapshots).toBe(1);

    const docs = (await reopen(tempDir())).state[0]?.collections[0]?.docs ?? [];
    expect(docs).toHaveLength(8001);
    expect(docs.at(-1)).toEqual({ _id: 'during' });
  });

  it('compacts on close, carrying every BSON type through the snapshot', async () => {
    const { engine } = OneCollectionEngine.create(tempDir(), { compactOnCloseAfterBytes: 1 });
    await engine.open();
    await engine.put(everyType());
    await engine.put({ _id: 2, n: 2 });
    await engine.storage.close();
    expect(listDir(tempDir())).toEqual(['snapshot-000002.bson']);

    const again = OneCollectionEngine.create(tempDir()).engine;
    await again.open();
    expect(again.state()).toStrictEqual(engine.state());
    await again.put({ _id: 3 }); // goes to journal 2, after the snapshot
    await again.storage.close();
    expect(existsSync(journalPath(tempDir(), 2))).toBe(true);
    expect((await reopen(tempDir())).state).toStrictEqual(again.state());
  });

  it('removes a half-written snapshot and files a newer snapshot supersedes, at open', async () => {
    const { engine } = OneCollectionEngine.create(tempDir(), { compactOnCloseAfterBytes: 1 });
    await engine.open();
    await engine.put({ _id: 1 });
    copyFileSync(journalPath(tempDir(), 1), join(tempDir(), 'kept-journal'));
    await engine.storage.close();
    // As if the process died after renaming snapshot 2 but before deleting journal 1, and later while
    // writing snapshot 3.
    copyFileSync(join(tempDir(), 'kept-journal'), journalPath(tempDir(), 1));
    writeFileSync(join(tempDir(), 'snapshot-000003.bson.tmp'), 'half');

    const { state, logs } = await reopen(tempDir());
    expect(state).toStrictEqual(engine.state());
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('snapshot-000003.bson.tmp'))).toBe(true);
    expect(listDir(tempDir())).toEqual(['kept-journal', 'snapshot-000002.bson']);
  });
});
