import type { Types } from 'mongoose';
import { z } from 'zod';
import { errors } from '../../shared/errors';
import type { AppContext } from '../app-context';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { HEAVY_READ_MAX_TIME_MS } from '../limits/heavy-reads';
import { viewComments, type PublicComment } from './comment-view';
import { rankedPage, type Ranking } from './list-ranked';
import { loadArticle } from '../articles/load-article';
import { pathId } from '../lib/ids';
import { finishArticleCreations, commentIfCreated } from './load-comment';
import type { StoredComment } from './comment-store';

type Direction = 'oldest' | 'newest';
const listCursor = z.object({ s: z.number().int().min(0), d: z.enum(['oldest', 'newest']) });
const anyCursor = z.object({ d: z.enum(['oldest', 'newest', 'top', 'replies']) });

/**
 * One page of a thread in seq order, read through the (articleId, seq) index from the cursor on: the
 * first page of a 100,000-comment thread costs what a 10-comment one does, and comments arriving
 * meanwhile can neither shift nor repeat what follows. `seq > 0` skips comments still awaiting their event.
 */
function pageOnly(
  ctx: AppContext,
  articleId: Types.ObjectId,
  from: number | null,
  dir: Direction,
  limit: number,
): Promise<StoredComment[]> {
  const seq = dir === 'oldest' ? { $gt: from ?? 0 } : from === null ? { $gt: 0 } : { $gt: 0, $lt: from };
  const order = dir === 'oldest' ? 1 : -1;
  return ctx.models.Comment.find({ articleId, seq })
    .sort({ seq: order })
    .limit(limit)
    .maxTimeMS(HEAVY_READ_MAX_TIME_MS)
    .lean<StoredComment[]>();
}

/**
 * The page, with any comment acknowledged a moment ago whose seq its writer is still writing (see
 * finishArticleCreations): looked for beside the page, which is read again only when one was found.
 */
async function page(
  ctx: AppContext,
  articleId: Types.ObjectId,
  from: number | null,
  dir: Direction,
  limit: number,
): Promise<StoredComment[]> {
  const [docs, settled] = await Promise.all([
    pageOnly(ctx, articleId, from, dir, limit),
    finishArticleCreations(ctx, articleId),
  ]);
  return settled ? pageOnly(ctx, articleId, from, dir, limit) : docs;
}

/**
 * A comment gets its seq only once its event is stored, and the article's lastSeq is written beside it:
 * a page read between the two holds a seq above the article's, which is then the one to report.
 */
const lastSeqOf = (articleLastSeq: number, items: StoredComment[]) =>
  Math.max(articleLastSeq, ...items.map((c) => c.seq ?? 0));

export interface CommentPage {
  items: PublicComment[];
  nextCursor: string | null;
  prevCursor?: string | null;
  lastSeq: number;
}

/** One page of a thread (a heavy read: see limits/heavy-reads.ts). */
export function listComments(ctx: AppContext, articleIdParam: string, opts: ListOptions): Promise<CommentPage> {
  return ctx.heavyReads.run(() => readPage(ctx, articleIdParam, opts));
}

interface ListOptions {
  limit: number;
  cursor?: string;
  sort: Direction | Ranking;
  moderator: boolean;
}

async function readPage(ctx: AppContext, articleIdParam: string, opts: ListOptions): Promise<CommentPage> {
  const article = await loadArticle(ctx, articleIdParam);
  // A cursor carries its order, whatever `sort` says (as the seq-ordered ones always did).
  const sort = opts.cursor ? decodeCursor(opts.cursor, anyCursor).d : opts.sort;
  if (sort === 'top' || sort === 'replies') return readRanked(ctx, article, opts.cursor, { ...opts, sort });
  const cursor = opts.cursor ? decodeCursor(opts.cursor, listCursor) : undefined;
  const dir = cursor?.d ?? sort;
  const docs = await page(ctx, article._id, cursor?.s ?? null, dir, opts.limit + 1);
  const items = docs.slice(0, opts.limit);
  const last = items[items.length - 1];
  return {
    items: await viewComments(ctx.models, items, { moderator: opts.moderator }),
    nextCursor: docs.length > opts.limit && last ? encodeCursor({ s: last.seq, d: dir }) : null,
    lastSeq: lastSeqOf(article.lastSeq, items),
  };
}

/** A page in the order of a count (see list-ranked.ts), its comments waiting for their seq settled first. */
async function readRanked(
  ctx: AppContext,
  article: { _id: Types.ObjectId; lastSeq: number },
  cursor: string | undefined,
  opts: ListOptions & { sort: Ranking },
): Promise<CommentPage> {
  await finishArticleCreations(ctx, article._id);
  const { docs, nextCursor } = await rankedPage(ctx, article._id, opts.sort, cursor, opts.limit);
  const items = await viewComments(ctx.models, docs, { moderator: opts.moderator });
  return { items, nextCursor, lastSeq: lastSeqOf(article.lastSeq, docs) };
}

/** The page holding one comment (a quote's link): up to half the page before it, the rest from it on. */
export function listAround(ctx: AppContext, articleIdParam: string, commentId: string, opts: AroundOptions) {
  return ctx.heavyReads.run((): Promise<CommentPage> => readAround(ctx, articleIdParam, commentId, opts));
}

interface AroundOptions {
  limit: number;
  moderator: boolean;
}

async function readAround(ctx: AppContext, articleIdParam: string, commentId: string, opts: AroundOptions) {
  const article = await loadArticle(ctx, articleIdParam);
  const found = await ctx.models.Comment.findById(pathId(commentId, 'comment'), {
    articleId: 1,
    seq: 1,
    pendingOp: 1,
  }).lean<StoredComment>();
  const target = found && (await commentIfCreated(ctx, found));
  if (!target?.seq || !target.articleId.equals(article._id))
    throw errors.validationFailed({ around: 'names no comment of this article' });
  const before = await page(ctx, article._id, target.seq, 'newest', Math.floor(opts.limit / 2) + 1);
  const beforeShown = before.slice(0, Math.floor(opts.limit / 2)).reverse();
  // The first page settled the article's waiting comments already.
  const after = await pageOnly(ctx, article._id, target.seq - 1, 'oldest', opts.limit - beforeShown.length + 1);
  const afterShown = after.slice(0, opts.limit - beforeShown.length);
  const items = [...beforeShown, ...afterShown];
  const first = items[0];
  const last = items[items.length - 1];
  return {
    items: await viewComments(ctx.models, items, { moderator: opts.moderator }),
    nextCursor: after.length > afterShown.length && last ? encodeCursor({ s: last.seq, d: 'oldest' }) : null,
    prevCursor: before.length > beforeShown.length && first ? encodeCursor({ s: first.seq, d: 'newest' }) : null,
    lastSeq: lastSeqOf(article.lastSeq, items),
  };
}
