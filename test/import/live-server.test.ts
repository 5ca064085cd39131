/**
 * An import into a thread that readers are posting to at the same time (a server on the same store):
 * both kinds of comment get numbers from one gap-free sequence, none is lost, and the imported ones keep
 * their creation order.
 */
import { join } from 'node:path';
import request from 'supertest';
import { useApiHarness } from '../api/harness';
import { startImport, useExportDir } from './cli';
import { writeLargeDisqus } from '../../scripts/lib/export-files';
import { sleep } from '../helpers/wait';

const h = useApiHarness();
const file = useExportDir();
const uri = () => `mongodb://127.0.0.1:${h().store.db.port}/discussion`;
const IMPORTED = 6_000;
const LIVE = 30;

it('numbers imported and live comments of one thread in one gap-free sequence', async () => {
  const path = join(file('placeholder', ''), '..', 'one-thread.xml');
  writeLargeDisqus(path, IMPORTED, IMPORTED);
  const db = h().store.db;
  const run = startImport(['--disqus', path, '--uri', uri()]);
  let article: { _id: import('mongoose').Types.ObjectId } | null = null;
  while (!article || (await db.collection('comments').countDocuments({ importKey: { $exists: true } })) < 500) {
    if (run.child.exitCode !== null) throw new Error(`the import ended too soon: ${(await run.done).stderr}`);
    article = await db
      .collection('articles')
      .findOne<{ _id: import('mongoose').Types.ObjectId }>({ importKey: 'disqus:thread:t1' });
    await sleep(20);
  }
  const articleId = String(article._id);
  const reader = await h().register('live_reader');
  for (let i = 0; i < LIVE; i++) {
    const res = await request(h().http)
      .post(`/api/articles/${articleId}/comments`)
      .set('Authorization', `Bearer ${reader.token}`)
      .send({ body: `live ${i}` });
    expect(res.status).toBe(201);
  }
  const done = await run.done;
  expect(done.stderr).not.toContain('import failed');
  expect(done.code).toBe(0);

  const total = IMPORTED + LIVE;
  expect(await db.collection('articles').findOne({ _id: article._id })).toEqual(
    expect.objectContaining({ lastSeq: total, commentCount: total }),
  );
  const events = await db.collection('events').find({ articleId: article._id }).sort({ seq: 1 }).toArray();
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  const comments = await db.collection('comments').find({ articleId: article._id }).sort({ seq: 1 }).toArray();
  expect(comments.map((c) => c.seq)).toEqual(events.map((e) => e.seq));
  // The live ones landed between imported ones (the import went on after them), not after all of them.
  expect(comments.findIndex((c) => !c.importKey)).toBeLessThan(IMPORTED);
  const imported = comments.filter((c) => c.importKey);
  expect(imported).toHaveLength(IMPORTED);
  for (let i = 1; i < imported.length; i++)
    expect(imported[i]!.createdAt.getTime()).toBeGreaterThan(imported[i - 1]!.createdAt.getTime());
}, 180_000);
