import { Types } from 'mongoose';
import { z } from 'zod';
import type { ModerationItem, QueueCounts, QueueKind, QueueReport } from '../../shared/events';
import type { AppContext } from '../app-context';
import { viewComments } from '../comments/comment-view';
import type { StoredComment } from '../comments/comment-store';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { loadUserRefs } from '../users/user-view';

/** Oldest first, paged by (time, id): the held comment's creation, or the first open report of a comment. */
const queueCursor = z.object({ at: z.iso.datetime(), id: z.string().regex(/^[0-9a-f]{24}$/) });

function after(field: string, cursor: string | undefined): Record<string, unknown> {
  if (!cursor) return {};
  const c = decodeCursor(cursor, queueCursor);
  const at = new Date(c.at);
  return { $or: [{ [field]: { $gt: at } }, { [field]: at, _id: { $gt: new Types.ObjectId(c.id) } }] };
}

function pageOf<T extends { _id: Types.ObjectId }>(docs: T[], limit: number, at: (d: T) => Date) {
  const page = docs.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    docs.length > limit && last ? encodeCursor({ at: at(last).toISOString(), id: String(last._id) }) : null;
  return { page, nextCursor };
}

/** What the moderators' queue holds now (the `moderation:join` acknowledgement). */
export async function queueCounts(ctx: AppContext): Promise<QueueCounts> {
  const [pending, reported] = await Promise.all([
    ctx.models.Comment.countDocuments({ status: 'pending' }),
    ctx.models.Report.aggregate<{ n: number }>([
      { $match: { status: 'open' } },
      { $group: { _id: '$commentId' } },
      { $count: 'n' },
    ]),
  ]);
  return { pending, reported: reported[0]?.n ?? 0 };
}

/** `GET /api/moderation/queue`: held comments, or reported ones with their open reports; oldest first. */
export async function listQueue(
  ctx: AppContext,
  opts: { kind: QueueKind; limit: number; cursor?: string },
): Promise<{ items: ModerationItem[]; nextCursor: string | null }> {
  return opts.kind === 'pending' ? listHeld(ctx, opts) : listReported(ctx, opts);
}

async function listHeld(ctx: AppContext, opts: { limit: number; cursor?: string }) {
  const docs = await ctx.models.Comment.find({ status: 'pending', ...after('createdAt', opts.cursor) })
    .sort({ createdAt: 1, _id: 1 })
    .limit(opts.limit + 1)
    .lean<StoredComment[]>();
  const { page, nextCursor } = pageOf(docs, opts.limit, (c) => c.createdAt);
  const views = await viewComments(ctx.models, page, { moderator: true });
  return { items: views.map((comment) => ({ kind: 'pending' as const, comment })), nextCursor };
}

async function listReported(ctx: AppContext, opts: { limit: number; cursor?: string }) {
  const groups = await ctx.models.Report.aggregate<{ _id: Types.ObjectId; first: Date }>([
    { $match: { status: 'open' } },
    { $group: { _id: '$commentId', first: { $min: '$at' } } },
    ...(opts.cursor ? [{ $match: after('first', opts.cursor) }] : []),
    { $sort: { first: 1, _id: 1 } },
    { $limit: opts.limit + 1 },
  ]);
  const { page, nextCursor } = pageOf(groups, opts.limit, (g) => g.first);
  const ids = page.map((g) => g._id);
  const [comments, reportsOf] = await Promise.all([
    ctx.models.Comment.find({ _id: { $in: ids } }).lean<StoredComment[]>(),
    openReports(ctx, ids),
  ]);
  const views = new Map((await viewComments(ctx.models, comments, { moderator: true })).map((v) => [v.id, v]));
  const items = page.flatMap((g) => {
    const comment = views.get(String(g._id));
    return comment ? [{ kind: 'reported' as const, comment, reports: reportsOf(g._id) }] : [];
  });
  return { items, nextCursor };
}

/** The open reports of some comments, oldest first, with their reporters. */
export async function openReports(ctx: AppContext, commentIds: Types.ObjectId[]) {
  const reports = await ctx.models.Report.find({ commentId: { $in: commentIds }, status: 'open' })
    .sort({ at: 1, _id: 1 })
    .lean();
  const refOf = await loadUserRefs(
    ctx.models.User,
    reports.map((r) => r.by),
  );
  return (commentId: Types.ObjectId): QueueReport[] =>
    reports
      .filter((r) => r.commentId.equals(commentId))
      .map((r) => ({ by: refOf(r.by), reason: r.reason, at: r.at.toISOString() }));
}
