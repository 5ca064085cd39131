/**
 * The event log's per-article seq hints are bounded (issue 13): a process that writes to more articles
 * than it keeps hints for forgets the least recently written, and its next event there reads the log.
 * Numbers stay 1..n without a gap, with the right count after each event, also with a second writer (another
 * instance) numbering the same articles behind its back.
 */
import { Types } from 'mongoose';
import { createEventLog } from '../../server/events/event-log';
import { newPendingOp } from '../../server/events/pending-op';
import { useApiHarness } from './harness';

const h = useApiHarness();
const MAX_HINTS = 3;

test('hints stay within their bound while seqs and counts stay gap-free after eviction, with two writers', async () => {
  const models = h().app.ctx.models;
  const here = createEventLog(models, { maxSeqHints: MAX_HINTS });
  const elsewhere = createEventLog(models, { maxSeqHints: MAX_HINTS });
  const articles = Array.from({ length: 8 }, () => new Types.ObjectId());
  // Alternately a comment that counts and one that does not (an edit), so a wrong hint would show in the count.
  const op = (n: number) =>
    n % 2 === 0 ? newPendingOp('comment.created', 1, new Date()) : newPendingOp('comment.edited', 0, new Date());

  let written = 0;
  for (let round = 0; round < 4; round++) {
    for (const [i, articleId] of articles.entries()) {
      // Every third event comes from the other writer, so some hints here are stale as well as evicted.
      const log = (round + i) % 3 === 0 ? elsewhere : here;
      await log.store(articleId, null, op(round));
      written += 1;
      expect(here.hintedArticles()).toBeLessThanOrEqual(MAX_HINTS);
      expect(elsewhere.hintedArticles()).toBeLessThanOrEqual(MAX_HINTS);
    }
  }
  // Both writers at once on every article: they race for the same numbers.
  await Promise.all(articles.flatMap((id) => [here.store(id, null, op(4)), elsewhere.store(id, null, op(4))]));
  written += articles.length * 2;
  expect(here.hintedArticles()).toBe(MAX_HINTS);

  let stored = 0;
  for (const articleId of articles) {
    const events = await here.list(articleId, 0, 100);
    stored += events.length;
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    // Created, edited, created, edited, then two created.
    expect(events.map((e) => e.commentCount)).toEqual([1, 1, 2, 2, 3, 4]);
    expect(await here.lastSeq(articleId)).toBe(6);
  }
  expect(stored).toBe(written);
});
