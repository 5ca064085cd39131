import { connectClient, type Loose, useEmbedded } from '../../helpers/embedded';

const embedded = useEmbedded({ dbName: 'index_commands' });
const db = () => embedded().db;

let seq = 0;
const freshCollection = () => db().collection<Loose>(`c${seq++}`);

describe('index commands', () => {
  it('creates indexes and answers the index counts', async () => {
    const coll = freshCollection();
    const reply = await db().command({ createIndexes: coll.collectionName, indexes: [{ key: { a: 1 }, name: 'a_1' }] });
    expect(reply).toMatchObject({
      ok: 1,
      numIndexesBefore: 1,
      numIndexesAfter: 2,
      createdCollectionAutomatically: true,
    });
    expect(await coll.createIndex({ b: -1, c: 1 })).toBe('b_-1_c_1');
    expect(
      await coll.createIndexes([
        { key: { d: 1 }, unique: true },
        { key: { e: 1 }, name: 'custom', sparse: true },
      ]),
    ).toEqual(['d_1', 'custom']);
  });

  it('accepts an identical index again but refuses conflicting ones', async () => {
    const coll = freshCollection();
    await coll.createIndex({ a: 1 });
    const again = await db().command({ createIndexes: coll.collectionName, indexes: [{ key: { a: 1 }, name: 'a_1' }] });
    expect(again).toMatchObject({ ok: 1, numIndexesBefore: 2, numIndexesAfter: 2 });
    // Same name, other options: IndexOptionsConflict; same name, other key: IndexKeySpecsConflict.
    await expect(coll.createIndex({ a: 1 }, { unique: true })).rejects.toMatchObject({ code: 85 });
    await expect(coll.createIndex({ z: 1 }, { name: 'a_1' })).rejects.toMatchObject({ code: 86 });
  });

  it('refuses a unique index over documents that already repeat a value', async () => {
    const coll = freshCollection();
    await coll.insertMany([{ k: 1 }, { k: 1 }]);
    await expect(coll.createIndex({ k: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('lists indexes with their options', async () => {
    const coll = freshCollection();
    await coll.createIndex({ a: 1 }, { unique: true, sparse: true });
    await coll.createIndex({ when: 1 }, { expireAfterSeconds: 3600 });
    await coll.createIndex({ b: 1 }, { unique: true, partialFilterExpression: { b: { $exists: true } } });
    const indexes = await coll.listIndexes().toArray();
    expect(indexes).toEqual([
      { v: 2, key: { _id: 1 }, name: '_id_' },
      { v: 2, key: { a: 1 }, name: 'a_1', unique: true, sparse: true },
      { v: 2, key: { when: 1 }, name: 'when_1', expireAfterSeconds: 3600 },
      { v: 2, key: { b: 1 }, name: 'b_1', unique: true, partialFilterExpression: { b: { $exists: true } } },
    ]);
  });

  it('answers NamespaceNotFound (26) when listing the indexes of a missing collection', async () => {
    await expect(db().collection<Loose>('missing').listIndexes().toArray()).rejects.toMatchObject({
      code: 26,
      codeName: 'NamespaceNotFound',
    });
  });

  it('drops indexes by name, by key, and all at once, but never _id_', async () => {
    const coll = freshCollection();
    await coll.createIndexes([{ key: { a: 1 } }, { key: { b: 1 } }, { key: { c: 1 } }, { key: { d: 1 } }]);
    await coll.dropIndex('a_1');
    await db().command({ dropIndexes: coll.collectionName, index: { b: 1 } });
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'c_1', 'd_1']);
    await expect(coll.dropIndex('nope_1')).rejects.toMatchObject({ code: 27, codeName: 'IndexNotFound' });
    await expect(coll.dropIndex('_id_')).rejects.toMatchObject({ code: 72 });
    await coll.dropIndexes();
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });
});

describe('sessions', () => {
  it('answers startSession with a UUID session id', async () => {
    const reply = await embedded().client.db('admin').command({ startSession: 1 });
    expect(reply.ok).toBe(1);
    expect(reply.id.id.sub_type).toBe(4);
    expect(reply.id.id.buffer).toHaveLength(16);
    expect(Number(reply.timeoutMinutes)).toBeGreaterThan(0);
  });

  it('runs operations in an explicit client session', async () => {
    const coll = freshCollection();
    const session = embedded().client.startSession();
    try {
      await coll.insertOne({ _id: 'in-session' }, { session });
      expect(await coll.findOne({ _id: 'in-session' }, { session })).toEqual({ _id: 'in-session' });
    } finally {
      await session.endSession();
    }
  });

  it('lets the driver end its sessions when it closes, and keeps serving others', async () => {
    const client = await connectClient(embedded().server.uri(), { monitorCommands: true });
    const seen: string[] = [];
    const failed: string[] = [];
    client.on('commandStarted', (e) => seen.push(e.commandName));
    client.on('commandFailed', (e) => failed.push(`${e.commandName}: ${String(e.failure)}`));
    await client.db('index_commands').collection<Loose>('sessions').insertOne({ a: 1 });
    await client.close();
    expect(seen).toContain('endSessions');
    expect(failed).toEqual([]);
    // endSessions has no reply (moreToCome); the server must not have choked on it.
    expect(await embedded().db.collection<Loose>('sessions').countDocuments()).toBe(1);
  });
});

describe('statistics', () => {
  it('answers collStats with the count, size and indexes of a collection', async () => {
    const coll = freshCollection();
    await coll.insertMany([{ a: 'x'.repeat(100) }, { a: 'y'.repeat(100) }]);
    await coll.createIndex({ a: 1 });
    const stats = await db().command({ collStats: coll.collectionName });
    expect(stats).toMatchObject({ ok: 1, ns: `index_commands.${coll.collectionName}`, count: 2, nindexes: 2 });
    expect(Number(stats.size)).toBeGreaterThan(200);
    expect(Object.keys(stats.indexSizes).sort()).toEqual(['_id_', 'a_1']);
  });

  it('answers dbStats with the totals of a database', async () => {
    const other = embedded().client.db('index_commands_stats');
    await other.collection<Loose>('one').insertMany([{ a: 1 }, { a: 2 }]);
    await other.collection<Loose>('two').insertOne({ a: 3 });
    const stats = await other.command({ dbStats: 1 });
    expect(stats).toMatchObject({ ok: 1, db: 'index_commands_stats', collections: 2, objects: 3, indexes: 2 });
    expect(Number(stats.dataSize)).toBeGreaterThan(0);
  });
});
