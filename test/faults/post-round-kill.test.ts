/**
 * The shared insert of overlapping posts (post-rounds.ts) when the store dies under it: a round whose
 * insert never reached the store must fail every post in it. The driver wraps a lost connection or an
 * unreachable store in the same MongoBulkWriteError as a duplicate key, only with no write errors; read
 * as "nothing refused", it once answered such posts 201 with no comment stored (store-restart.test.ts
 * caught it now and then).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { Types } from 'mongoose';
import { startChildStore, type ChildStore } from '../../scripts/lib/child-store';
import { createPostRounds } from '../../server/comments/post-rounds';
import { createModels } from '../../server/models';
import { toAppError } from '../../server/lib/error-mapping';

let dbPath: string;
let store: ChildStore;

beforeAll(async () => {
  dbPath = mkdtempSync(join(tmpdir(), 'post-round-kill-'));
  store = await startChildStore({ dbPath });
});
afterAll(async () => {
  await store.stop('SIGKILL');
  rmSync(dbPath, { recursive: true, force: true });
});

async function connect(uri: string) {
  return mongoose.createConnection(uri, { serverSelectionTimeoutMS: 1_000, bufferCommands: false }).asPromise();
}

test('posts whose shared insert was cut off by the store dying are all refused, none reported stored', async () => {
  const conn = await connect(store.uri('discussion'));
  const models = createModels(conn);
  const rounds = createPostRounds(models);
  const articleId = String(new Types.ObjectId());
  const docs = [1, 2, 3].map((n) => ({ _id: new Types.ObjectId(), articleId, body: `post ${n}` }));
  await models.Comment.collection.findOne({}); // connected before the store stops answering

  // The first post's insert hangs in the frozen store; the next two gather for one shared insert.
  store.process.kill('SIGSTOP');
  const outcomes = docs.map((d) =>
    rounds.insertComment(articleId, d).then(
      () => 'stored',
      (err: Error) => `refused: ${err.name}, answered ${toAppError(err).code}`,
    ),
  );
  await new Promise((r) => setTimeout(r, 200));
  await store.stop('SIGKILL');
  const answers = await Promise.all(outcomes);
  await conn.close();

  store = await startChildStore({ dbPath, port: store.port });
  const after = await connect(store.uri('discussion'));
  const stored = await createModels(after).Comment.collection.countDocuments({ articleId });
  await after.close();
  expect(answers.filter((a) => a === 'stored')).toEqual([]);
  expect(answers.slice(1).every((a) => a.includes('MongoBulkWriteError'))).toBe(true);
  expect(answers.every((a) => a.endsWith('answered unavailable'))).toBe(true);
  expect(stored).toBe(0);
}, 30_000);

test('a bulk insert cut off by the store dying is answered unavailable, not as a failure of ours', async () => {
  const conn = await connect(store.uri('discussion'));
  await conn.collection('comments').findOne({});
  store.process.kill('SIGSTOP');
  const cut = conn
    .collection('comments')
    .insertMany([{ n: 1 }, { n: 2 }], { ordered: false })
    .catch((err: Error) => err);
  await new Promise((r) => setTimeout(r, 200));
  await store.stop('SIGKILL');
  const err = await cut;
  await conn.close();
  store = await startChildStore({ dbPath, port: store.port });
  expect(err).toHaveProperty('name', 'MongoBulkWriteError');
  expect(toAppError(err).code).toBe('unavailable');
}, 30_000);
