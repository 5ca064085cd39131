import { errors } from '../../shared/errors';
import type { Actor, AppContext } from '../app-context';
import { viewComments } from '../comments/comment-view';
import { Types } from 'mongoose';
import { loadComment } from '../comments/load-comment';
import type { StoredComment } from '../comments/comment-store';
import { isDuplicateKey } from '../lib/mongo-errors';
import { loadUserRefs } from '../users/user-view';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { logModeration } from '../moderation-log/log-moderation';
import { z } from 'zod';

const reportCursor = z.object({ at: z.iso.datetime(), id: z.string().regex(/^[0-9a-f]{24}$/) });

/** One open report per user and comment: a second one is accepted as the same report (202). */
export async function reportComment(ctx: AppContext, actor: Actor, id: string, reason: string): Promise<void> {
  const comment = await loadComment(ctx, id);
  await ctx.limits.consume('report', String(actor.id));
  try {
    await ctx.models.Report.create({
      commentId: comment._id,
      by: actor.id,
      reason,
      at: ctx.now(),
      status: 'open',
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

export async function dismissReports(
  ctx: AppContext,
  actor: Actor,
  id: string,
  reason: string | null,
): Promise<{ dismissed: number }> {
  const comment = await loadComment(ctx, id);
  const { modifiedCount } = await ctx.models.Report.updateMany(
    { commentId: comment._id, status: 'open' },
    { $set: { status: 'closed', closedAt: ctx.now() } },
  );
  await logModeration(ctx, actor, 'dismiss', comment._id, reason);
  return { dismissed: modifiedCount };
}

/**
 * The queue: reports grouped per comment, newest report first, paged by an opaque cursor over
 * (latest report time, comment id).
 */
export async function listReports(ctx: AppContext, opts: { status: 'open' | 'closed'; limit: number; cursor?: string }) {
  const { Report, Comment, User } = ctx.models;
  const after = opts.cursor ? decodeCursor(opts.cursor, reportCursor) : undefined;
  const groups = await Report.aggregate<{ _id: Types.ObjectId; latest: Date }>([
    { $match: { status: opts.status } },
    { $group: { _id: '$commentId', latest: { $max: '$at' } } },
    ...(after
      ? [
          {
            $match: {
              $or: [
                { latest: { $lt: new Date(after.at) } },
                { latest: new Date(after.at), _id: { $lt: new Types.ObjectId(after.id) } },
              ],
            },
          },
        ]
      : []),
    { $sort: { latest: -1, _id: -1 } },
    { $limit: opts.limit + 1 },
  ]);
  const page = groups.slice(0, opts.limit);
  const ids = page.map((g) => g._id);
  const [comments, reports] = await Promise.all([
    Comment.find({ _id: { $in: ids } }).lean<StoredComment[]>(),
    Report.find({ commentId: { $in: ids }, status: opts.status })
      .sort({ at: -1 })
      .lean(),
  ]);
  const views = new Map((await viewComments(ctx.models, comments, { moderator: true })).map((v) => [v.id, v]));
  const refOf = await loadUserRefs(
    User,
    reports.map((r) => r.by),
  );
  const items = page.flatMap((g) => {
    const comment = views.get(String(g._id));
    if (!comment) return [];
    const mine = reports.filter((r) => r.commentId.equals(g._id));
    return [
      {
        comment,
        reports: mine.map((r) => ({ by: refOf(r.by), reason: r.reason, at: r.at.toISOString() })),
        status: opts.status,
      },
    ];
  });
  const last = page[page.length - 1];
  const nextCursor =
    groups.length > opts.limit && last ? encodeCursor({ at: last.latest.toISOString(), id: String(last._id) }) : null;
  return { items, nextCursor };
}

export function assertReason(reason: unknown): asserts reason is string {
  if (typeof reason !== 'string' || !reason.trim()) throw errors.validationFailed({ reason: 'is required' });
}
