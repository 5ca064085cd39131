import { errors } from '../../shared/errors';
import { objectIdString } from '../../shared/schemas';
import type { Actor, AppContext } from '../app-context';
import { viewComments } from '../comments/comment-view';
import { Types } from 'mongoose';
import { assertVisible, loadComment } from '../comments/load-comment';
import type { StoredComment } from '../comments/comment-store';
import { isDuplicateKey } from '../lib/mongo-errors';
import { loadUserRefs } from '../users/user-view';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { logModeration } from '../moderation-log/log-moderation';
import { z } from 'zod';
import { publishDecided, publishReported } from './notices';
import { openReports } from './queue';
import { assertNotSuspended } from '../users/suspension';

const reportCursor = z.object({ at: z.iso.datetime(), id: objectIdString });

/**
 * One open report per user and comment: a second one is accepted as the same report (202). The first open
 * report of a comment puts it in the moderators' live queue. A removed or deleted comment shows nothing to
 * report, and a report would put it back in the queue its removal emptied: refused, as reactions are.
 */
export async function reportComment(ctx: AppContext, actor: Actor, id: string, reason: string): Promise<void> {
  assertNotSuspended(ctx, actor);
  const comment = await loadComment(ctx, id);
  assertVisible(comment);
  await ctx.limits.consume('report', String(actor.id));
  let report;
  try {
    report = await ctx.models.Report.create({
      commentId: comment._id,
      by: actor.id,
      reason,
      at: ctx.now(),
      status: 'open',
      authorId: comment.authorId,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return;
  }
  await announceIfFirst(ctx, comment, report._id);
}

/** Tells the live queue when this report is the comment's oldest open one (it just became reported). */
async function announceIfFirst(ctx: AppContext, comment: StoredComment, reportId: Types.ObjectId) {
  const oldest = await ctx.models.Report.findOne({ commentId: comment._id, status: 'open' }, { _id: 1 })
    .sort({ at: 1, _id: 1 })
    .lean();
  if (!oldest?._id.equals(reportId)) return;
  const reportsOf = await openReports(ctx, [comment._id]);
  await publishReported(ctx, comment, reportsOf(comment._id));
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
  await logModeration(ctx, actor, 'dismiss', comment._id, reason, comment.authorId);
  publishDecided(ctx, actor, comment._id, 'dismiss');
  return { dismissed: modifiedCount };
}

/**
 * The queue: reports grouped per comment, newest report first, paged by an opaque cursor over
 * (latest report time, comment id).
 */
export async function listReports(
  ctx: AppContext,
  opts: { status: 'open' | 'closed'; limit: number; cursor?: string },
) {
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
