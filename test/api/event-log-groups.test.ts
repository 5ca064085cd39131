/**
 * Hot articles in the event log (issue 19): writers of one article that wait while its insert is in flight
 * go in one insert, and still each gets its own event, numbered 1..n without a gap or a repeat, with the
 * count after it; also while a second writer (another instance) numbers the same article. A change stored
 * before (its opId) inside such a group is answered with its event, not stored twice. The article's
 * counters end at the newest event however many follow-ups were coalesced.
 */
import { Types } from 'mongoose';
import { createEventLog } from '../../server/events/event-log';
import { newPendingOp, type PendingOp } from '../../server/events/pending-op';
import { useApiHarness } from './harness';

const h = useApiHarness();

const created = () => newPendingOp('comment.created', 1, new Date());

test('a burst on one article goes in groups, each writer answered with its own event, gap-free', async () => {
  const models = h().app.ctx.models;
  const here = createEventLog(models);
  const elsewhere = createEventLog(models);
  const articleId = new Types.ObjectId();
  const ops: PendingOp[] = Array.from({ length: 60 }, created);
  // Two writers at once, as two instances: every third change goes through the other one.
  const results = await Promise.all(
    ops.map((op, i) => (i % 3 === 0 ? elsewhere : here).store(articleId, new Types.ObjectId(), op)),
  );
  results.forEach(({ event, fresh }, i) => {
    expect(fresh).toBe(true);
    expect(String(event.opId)).toBe(String(ops[i]!.id));
  });
  const events = await here.list(articleId, 0, 100);
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  expect(events.map((e) => e.commentCount)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  // Each answer is the stored event of its own change.
  const bySeq = new Map(events.map((e) => [e.seq, String(e.opId)]));
  for (const { event } of results) expect(bySeq.get(event.seq)).toBe(String(event.opId));
});

test('a change stored before, inside a group, is answered with its event and not stored again', async () => {
  const models = h().app.ctx.models;
  const log = createEventLog(models);
  const articleId = new Types.ObjectId();
  const again = created();
  await log.store(articleId, null, again);
  const fresh = Array.from({ length: 5 }, created);
  const results = await Promise.all([
    log.store(articleId, null, fresh[0]!),
    log.store(articleId, null, fresh[1]!),
    log.store(articleId, null, again),
    ...fresh.slice(2).map((op) => log.store(articleId, null, op)),
  ]);
  expect(results.map((r) => r.fresh)).toEqual([true, true, false, true, true, true]);
  expect(results[2]!.event.seq).toBe(1);
  const events = await log.list(articleId, 0, 100);
  expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  expect(new Set(events.map((e) => String(e.opId))).size).toBe(6);
});

test("the article's counters end at its newest event after a burst of coalesced follow-ups", async () => {
  const { app } = h();
  const { Article } = app.ctx.models;
  const { id } = await h().newArticle();
  const articleId = new Types.ObjectId(id);
  const log = createEventLog(app.ctx.models);
  const stored = await Promise.all(Array.from({ length: 30 }, () => log.store(articleId, null, created())));
  await Promise.all(stored.map(({ event }) => log.updateArticleCounters(articleId, event)));
  const article = await Article.findById(articleId).lean();
  expect(article).toMatchObject({ lastSeq: 30, commentCount: 30 });
});
