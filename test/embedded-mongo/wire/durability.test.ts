import type { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../../../server/embedded-mongo';
import {
  connectClient,
  insertUntilKilled,
  type Loose,
  spawnServerCli,
  startEmbedded,
  useTempDir,
} from '../../helpers/embedded';

const tempDir = useTempDir('embedded-mongo-durability-');

/** Index names and keys with their options, in a form comparable across restarts. */
async function indexesOf(client: MongoClient, db: string, coll: string) {
  return (await client.db(db).collection(coll).listIndexes().toArray()).map(({ v: _v, ...rest }) => rest);
}

describe('durability', () => {
  it('keeps every document and index across a clean restart', async () => {
    const first = await startEmbedded({ dbPath: tempDir(), dbName: 'app' });
    const users = first.db.collection<Loose>('users');
    await users.createIndex({ email: 1 }, { unique: true });
    await users.createIndex({ seen: 1 }, { expireAfterSeconds: 3600 });
    await users.createIndex({ org: 1, name: -1 }, { partialFilterExpression: { org: { $exists: true } } });
    await users.insertMany(
      Array.from({ length: 300 }, (_, i) => ({ _id: i, email: `u${i}@example.com`, org: `o${i % 3}`, name: `n${i}` })),
    );
    await users.updateMany({ org: 'o1' }, { $set: { touched: true } });
    await users.deleteMany({ _id: { $gte: 290 } });
    await first.client.db('other').collection<Loose>('notes').insertOne({ _id: 'kept', body: 'x' });
    const indexesBefore = await indexesOf(first.client, 'app', 'users');
    const docsBefore = await users.find().sort({ _id: 1 }).toArray();
    await first.close();

    const second = await startEmbedded({ dbPath: tempDir(), dbName: 'app' });
    try {
      expect(await second.db.collection<Loose>('users').find().sort({ _id: 1 }).toArray()).toEqual(docsBefore);
      expect(docsBefore).toHaveLength(290);
      expect(await second.db.collection<Loose>('users').countDocuments({ touched: true })).toBe(97);
      expect(await indexesOf(second.client, 'app', 'users')).toEqual(indexesBefore);
      expect(await second.client.db('other').collection<Loose>('notes').findOne({})).toEqual({
        _id: 'kept',
        body: 'x',
      });
      // The unique index still works after recovery, not only its description.
      await expect(second.db.collection<Loose>('users').insertOne({ email: 'u5@example.com' })).rejects.toMatchObject({
        code: 11000,
      });
    } finally {
      await second.close();
    }
  });

  it('keeps every acknowledged insert when the server process is killed with SIGKILL', async () => {
    const cli = await spawnServerCli(['--port', '0', '--dbpath', tempDir()]);
    let client: MongoClient | undefined;
    try {
      client = await connectClient(`mongodb://127.0.0.1:${cli.port}/`, { serverSelectionTimeoutMS: 2_000 });
      // While the child runs, the directory is its own.
      await expect(startEmbeddedMongo({ dbPath: tempDir() })).rejects.toThrow(/lock|in use/i);

      const acknowledged = await insertUntilKilled(client, 400, () => cli.killGroup('SIGKILL'));
      await cli.groupGone();
      expect(acknowledged.length).toBeGreaterThanOrEqual(400);
      await client.close().catch(() => undefined);
      client = undefined;

      const restarted = await spawnServerCli(['--port', '0', '--dbpath', tempDir()]);
      const reader = await connectClient(`mongodb://127.0.0.1:${restarted.port}/`);
      try {
        const stored = await reader
          .db('stream')
          .collection<Loose>('events')
          .find({}, { projection: { _id: 1 } })
          .toArray();
        const present = new Set(stored.map((d) => d._id as unknown as number));
        expect(acknowledged.filter((id) => !present.has(id))).toEqual([]);
        expect((await reader.db('stream').collection<Loose>('events').findOne({ _id: acknowledged[0] }))?.body).toBe(
          'z'.repeat(200),
        );
      } finally {
        await reader.close();
        restarted.killGroup('SIGTERM');
        expect((await restarted.exited).code).toBe(0);
      }
    } finally {
      await client?.close().catch(() => undefined);
      cli.killGroup('SIGKILL');
      await cli.groupGone();
    }
  }, 40_000);

  it('refuses a second server on a data directory that is in use, with a clear error', async () => {
    const first = await startEmbedded({ dbPath: tempDir() });
    try {
      await first.db.collection<Loose>('c').insertOne({ _id: 1 });
      await expect(startEmbeddedMongo({ dbPath: tempDir() })).rejects.toThrow(/lock|in use/i);
      // The first server is unharmed by the attempt.
      await first.db.collection<Loose>('c').insertOne({ _id: 2 });
      expect(await first.db.collection<Loose>('c').countDocuments()).toBe(2);
    } finally {
      await first.close();
    }
    // Once it has closed, the directory can be opened again.
    const again = await startEmbedded({ dbPath: tempDir() });
    await again.close();
  });
});
