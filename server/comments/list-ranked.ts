import type { Types } from 'mongoose';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { HEAVY_READ_MAX_TIME_MS } from '../limits/heavy-reads';
import type { StoredComment } from './comment-store';

export type Ranking = 'top' | 'replies';
const KEY: Record<Ranking, 'reactions' | 'replyCount'> = { top: 'reactions', replies: 'replyCount' };

/** Where the last page ended: its last top-level comment's count (`k`) and seq (`s`). */
export const rankedCursor = z.object({
  k: z.number().int(),
  s: z.number().int().min(0),
  d: z.enum(['top', 'replies']),
});
type RankedCursor = z.infer<typeof rankedCursor>;

/** Replies that come with one page, all levels together; a page past it ends its replies there. */
export const MAX_REPLIES_PER_PAGE = 2000;

/**
 * One page of a thread ranked by a count: top-level comments by (count desc, seq asc), each page with
 * every reply under them (in seq order; the client builds the tree). Read through the index
 * (articleId, parentId, count -1, seq 1): the ties of the cursor's count after its seq, then the lower
 * counts, so neither read scans what the page does not show. A comment whose count moved between two
 * pages may show twice or, having moved up past the cursor, be missed by that reader; one that did not
 * move is never skipped.
 */
export async function rankedPage(
  ctx: AppContext,
  articleId: Types.ObjectId,
  ranking: Ranking,
  cursor: string | undefined,
  limit: number,
) {
  const c = cursor ? decodeCursor(cursor, rankedCursor) : undefined;
  const key = KEY[c?.d ?? ranking];
  const tops = await topLevel(ctx, articleId, key, c, limit + 1);
  const shown = tops.slice(0, limit);
  const last = shown[shown.length - 1];
  const replies = await repliesOf(
    ctx,
    articleId,
    shown.map((t) => t._id),
  );
  return {
    docs: [...shown, ...replies],
    nextCursor:
      tops.length > limit && last ? encodeCursor({ k: last[key] ?? 0, s: last.seq ?? 0, d: c?.d ?? ranking }) : null,
  };
}

function find(ctx: AppContext, filter: Record<string, unknown>, sort: Record<string, 1 | -1>, limit: number) {
  return ctx.models.Comment.find(filter)
    .sort(sort)
    .limit(limit)
    .maxTimeMS(HEAVY_READ_MAX_TIME_MS)
    .lean<StoredComment[]>();
}

async function topLevel(
  ctx: AppContext,
  articleId: Types.ObjectId,
  key: string,
  c: RankedCursor | undefined,
  n: number,
) {
  const base = { articleId, parentId: null };
  const order = { [key]: -1 as const, seq: 1 as const };
  // `seq > 0` skips comments still waiting for their event, as the seq-ordered pages do.
  if (!c) return find(ctx, { ...base, seq: { $gt: 0 } }, order, n);
  const ties = await find(ctx, { ...base, [key]: c.k, seq: { $gt: c.s } }, order, n);
  if (ties.length >= n) return ties;
  const lower = await find(ctx, { ...base, [key]: { $lt: c.k }, seq: { $gt: 0 } }, order, n - ties.length);
  return [...ties, ...lower];
}

/** Every reply under these comments, level by level (one indexed read per level), in seq order. */
async function repliesOf(ctx: AppContext, articleId: Types.ObjectId, roots: Types.ObjectId[]): Promise<StoredComment[]> {
  const found: StoredComment[] = [];
  let parents = roots;
  while (parents.length > 0 && found.length < MAX_REPLIES_PER_PAGE) {
    const filter = { articleId, parentId: { $in: parents }, seq: { $gt: 0 } };
    const level = await find(ctx, filter, { seq: 1 }, MAX_REPLIES_PER_PAGE - found.length);
    found.push(...level);
    parents = level.map((r) => r._id);
  }
  return found.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}
