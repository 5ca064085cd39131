/** openStore and /readyz against a live store: the embedded server, over the wire. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startEmbeddedMongo } from '../../server/embedded-mongo';
import { openStore, withoutCredentials } from '../../server/store';
import { appWith, quietLogger } from './support';

describe('openStore', () => {
  it('runs the embedded server when MONGODB_URI is unset, and /readyz answers 200', async () => {
    const store = await openStore({ mongodbUri: undefined, dataDir: ':memory:' }, quietLogger);
    try {
      expect(store.description).toMatch(/embedded.*in memory/);
      const res = await request(appWith(store.db).app).get('/readyz').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
    } finally {
      await store.close();
    }
  });

  it('keeps data in DATA_DIR from one start to the next', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'store-test-'));
    try {
      const first = await openStore({ mongodbUri: undefined, dataDir }, quietLogger);
      await first.db.collection('notes').insertOne({ text: 'still here' });
      await first.close();

      const second = await openStore({ mongodbUri: undefined, dataDir }, quietLogger);
      try {
        expect(await second.db.collection('notes').findOne({}, { projection: { _id: 0 } })).toEqual({
          text: 'still here',
        });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('connects to MONGODB_URI; /readyz answers 200, then 503 naming MongoDB once it goes away', async () => {
    const mongo = await startEmbeddedMongo({ dbPath: ':memory:' });
    const store = await openStore({ mongodbUri: mongo.uri('discussion'), dataDir: ':memory:' }, quietLogger);
    try {
      expect(store.description).toBe(mongo.uri('discussion'));
      const { app } = appWith(store.db);
      await request(app).get('/readyz').expect(200);

      await mongo.close();
      // Not a speed check: the wait is bounded so that a probe hanging on the lost store (the driver's own
      // 30 s server selection) fails here, while a loaded machine's slower answer still passes.
      const res = await request(app).get('/readyz').timeout(10_000).expect(503);
      expect(res.body.error).toMatchObject({ code: 'unavailable', message: expect.stringContaining('MongoDB') });
    } finally {
      await store.close();
      await mongo.close().catch(() => undefined);
    }
  });

  it('asks MONGODB_URI for majority, journaled writes and primary reads; the embedded store accepts them', async () => {
    const mongo = await startEmbeddedMongo({ dbPath: ':memory:' });
    const store = await openStore({ mongodbUri: mongo.uri('discussion'), dataDir: ':memory:' }, quietLogger);
    try {
      const client = store.db.getClient();
      expect(client.options.writeConcern).toMatchObject({ w: 'majority', journal: true });
      expect(client.readPreference.mode).toBe('primary');
      // Every kind of write the app makes, acknowledged under that concern (a standalone counts as the majority).
      const notes = store.db.collection('notes');
      await notes.insertOne({ n: 1 });
      await notes.insertMany([{ n: 2 }, { n: 3 }]);
      await notes.updateOne({ n: 1 }, { $set: { seen: true } });
      await notes.findOneAndUpdate({ n: 2 }, { $inc: { n: 10 } });
      await notes.deleteOne({ n: 3 });
      await notes.bulkWrite([
        { insertOne: { document: { n: 4 } } },
        { updateOne: { filter: { n: 4 }, update: { $set: { bulk: true } } } },
      ]);
      const kept = await notes.find({}, { projection: { _id: 0 }, sort: { n: 1 } }).toArray();
      expect(kept).toEqual([{ n: 1, seen: true }, { n: 4, bulk: true }, { n: 12 }]);
    } finally {
      await store.close();
      await mongo.close();
    }
  });

  it('describes a MONGODB_URI without its credentials, for the log', () => {
    expect(withoutCredentials('mongodb://app:s3cret@db.internal:27017/discussion')).toBe(
      'mongodb://***@db.internal:27017/discussion',
    );
    expect(withoutCredentials('mongodb+srv://cluster.example/discussion')).toBe(
      'mongodb+srv://cluster.example/discussion',
    );
  });
});
