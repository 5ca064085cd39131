/**
 * An import killed half-way (SIGKILL, in the middle of a thread) and run again ends complete: every
 * comment once, every thread's events gap-free in creation order, the articles' counters right.
 */
import { join } from 'node:path';
import request from 'supertest';
import { useApiHarness } from '../api/harness';
import { runImport, startImport, useExportDir } from './cli';
import { writeLargeDisqus } from '../../scripts/lib/export-files';
import { sleep } from '../helpers/wait';

const h = useApiHarness();
const file = useExportDir();
const uri = () => `mongodb://127.0.0.1:${h().store.db.port}/discussion`;
const COMMENTS = 12_000;
const PER_THREAD = 4_000;

const imported = () =>
  h()
    .store.db.collection('comments')
    .countDocuments({ importKey: { $exists: true } });

it('completes without duplicates or gaps when run again after being killed', async () => {
  const path = join(file('placeholder', ''), '..', 'large.xml');
  writeLargeDisqus(path, COMMENTS, PER_THREAD);
  const first = startImport(['--disqus', path, '--uri', uri()]);
  // Killed once part of the first thread is written.
  while ((await imported()) < 1_500) {
    if (first.child.exitCode !== null)
      throw new Error(`the import ended before it could be killed: ${(await first.done).stderr}`);
    await sleep(20);
  }
  first.child.kill('SIGKILL');
  expect((await first.done).signal).toBe('SIGKILL');
  const partial = await imported();
  expect(partial).toBeLessThan(COMMENTS);

  const again = await runImport(['--disqus', path, '--uri', uri()]);
  expect(again.stderr).not.toContain('import failed');
  expect(again.stdout).toMatch(/comments: \d+ imported, \d+ already there/);
  expect(await imported()).toBe(COMMENTS);

  const db = h().store.db;
  const articles = await db
    .collection('articles')
    .find({ importKey: { $exists: true } })
    .sort({ importKey: 1 })
    .toArray();
  expect(articles).toHaveLength(COMMENTS / PER_THREAD);
  for (const article of articles) {
    expect(article).toEqual(expect.objectContaining({ lastSeq: PER_THREAD, commentCount: PER_THREAD }));
    const events = await db.collection('events').find({ articleId: article._id }).sort({ seq: 1 }).toArray();
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: PER_THREAD }, (_, i) => i + 1));
    const comments = await db.collection('comments').find({ articleId: article._id }).sort({ seq: 1 }).toArray();
    expect(comments.map((c) => c.seq)).toEqual(events.map((e) => e.seq));
    expect(new Set(comments.map((c) => c.importKey)).size).toBe(PER_THREAD);
    expect(comments.every((c, i) => c._id.equals(events[i]!.commentId) && !c.pendingOp)).toBe(true);
    // Creation order: by date, every parent before its replies.
    const seqOf = new Map(comments.map((c) => [String(c._id), c.seq as number]));
    for (let i = 1; i < comments.length; i++)
      expect(comments[i]!.createdAt.getTime()).toBeGreaterThan(comments[i - 1]!.createdAt.getTime());
    for (const c of comments) if (c.parentId) expect(seqOf.get(String(c.parentId))).toBeLessThan(c.seq);
  }
  // And the server serves it: the last page of the first thread, and its events from the middle.
  const id = String(articles[0]!._id);
  const last = await request(h().http).get(`/api/articles/${id}/comments`).query({ sort: 'newest', limit: 1 });
  expect(last.body.items[0]).toEqual(expect.objectContaining({ seq: PER_THREAD, status: 'visible' }));
  const events = await request(h().http).get(`/api/articles/${id}/events`).query({ after: 1_999, limit: 2 });
  expect(events.body.items.map((e: { seq: number; comment: { seq: number } }) => [e.seq, e.comment.seq])).toEqual([
    [2000, 2000],
    [2001, 2001],
  ]);
}, 240_000);
