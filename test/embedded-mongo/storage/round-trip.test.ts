import { Double, Long, ObjectId } from 'bson';
import { createStorage } from '../../../server/embedded-mongo/storage/create-storage';
import { FileStorage } from '../../../server/embedded-mongo/storage/file-storage';
import { MemoryStorage } from '../../../server/embedded-mongo/storage/memory-storage';
import type { DatabaseState, JournalRecord } from '../../../server/embedded-mongo/storage/types';
import { docsOf, everyType, fileStorage, put, reopen, useTempDir } from './helpers';

const tempDir = useTempDir();

describe('file storage round trip', () => {
  it('gives back every BSON type exactly, wrapped numbers and null vs missing included', async () => {
    const doc = everyType();
    const { storage } = fileStorage(tempDir());
    await storage.open();
    await storage.append([put(doc), put({ _id: 'no-field' })]);
    await storage.close();

    const [back, withoutField] = docsOf((await reopen(tempDir())).state);
    expect(back).toStrictEqual(doc);
    expect(back?.wholeDouble).toBeInstanceOf(Double);
    expect(typeof back?.int).toBe('number');
    expect(typeof back?.fraction).toBe('number');
    expect(back?.long).toBeInstanceOf(Long);
    expect(Object.is(back?.negativeZero, -0)).toBe(true);
    expect(back).toHaveProperty('nothing', null);
    expect(withoutField).toStrictEqual({ _id: 'no-field' });
    expect(withoutField).not.toHaveProperty('nothing');
  });

  it('replays every kind of record into the state it describes', async () => {
    const oid = new ObjectId();
    const records: JournalRecord[] = [
      { op: 'createCollection', db: 'app', coll: 'users', options: { validator: { name: { $type: 'string' } } } },
      { op: 'createIndex', db: 'app', coll: 'users', spec: { v: 2, key: { email: 1 }, name: 'email_1', unique: true } },
      { op: 'createIndex', db: 'app', coll: 'users', spec: { v: 2, key: { age: -1 }, name: 'age_-1' } },
      put({ _id: oid, name: 'ann' }, 'users', 'app'),
      put({ _id: 1, name: 'bob' }, 'users', 'app'),
      put({ _id: { k: 'compound' }, name: 'cy' }, 'users', 'app'),
      put({ _id: oid, name: 'ann', age: 30 }, 'users', 'app'), // replaces ann in place
      { op: 'del', db: 'app', coll: 'users', id: new Long(1) }, // equal to _id 1, as MongoDB compares
      { op: 'del', db: 'app', coll: 'users', id: { k: 'compound' } },
      { op: 'dropIndex', db: 'app', coll: 'users', name: 'age_-1' },
      put({ _id: 'm1', body: 'hi' }, 'messages', 'app'), // created implicitly by the insert
      { op: 'renameCollection', db: 'app', coll: 'messages', toDb: 'archive', toColl: 'old' },
      { op: 'createCollection', db: 'app', coll: 'scratch', options: {} },
      { op: 'dropCollection', db: 'app', coll: 'scratch' },
      put({ _id: 1 }, 'c', 'doomed'),
      { op: 'dropDatabase', db: 'doomed' },
    ];
    const { storage } = fileStorage(tempDir());
    await storage.open();
    await storage.append(records.slice(0, 5));
    for (const record of records.slice(5)) await storage.append([record]);
    await storage.close();

    const expected: DatabaseState[] = [
      {
        name: 'app',
        collections: [
          {
            name: 'users',
            options: { validator: { name: { $type: 'string' } } },
            indexes: [{ v: 2, key: { email: 1 }, name: 'email_1', unique: true }],
            docs: [{ _id: oid, name: 'ann', age: 30 }],
          },
        ],
      },
      { name: 'archive', collections: [{ name: 'old', options: {}, indexes: [], docs: [{ _id: 'm1', body: 'hi' }] }] },
    ];
    expect((await reopen(tempDir())).state).toStrictEqual(expected);
  });

  it('starts empty in a new directory and refuses appends once closed', async () => {
    const { storage } = fileStorage(tempDir());
    expect(await storage.open()).toEqual([]);
    await storage.close();
    await expect(storage.append([put({ _id: 1 })])).rejects.toThrow(/closed/);
  });
});

describe('createStorage', () => {
  it('keeps nothing for :memory:', async () => {
    const storage = createStorage({ dbPath: ':memory:', captureState: () => [], log: () => {} });
    expect(storage).toBeInstanceOf(MemoryStorage);
    expect(await storage.open()).toEqual([]);
    await storage.append([put({ _id: 1 })]);
    await storage.close();
    expect(await createStorage({ dbPath: ':memory:', captureState: () => [], log: () => {} }).open()).toEqual([]);
  });

  it('keeps a directory for any other path', () => {
    const storage = createStorage({ dbPath: tempDir(), captureState: () => [], log: () => {} });
    expect(storage).toBeInstanceOf(FileStorage);
  });
});
