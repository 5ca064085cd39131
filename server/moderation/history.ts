import type { Types } from 'mongoose';
import type { AppContext } from '../app-context';
import { viewComments } from '../comments/comment-view';
import type { StoredComment } from '../comments/comment-store';
import { encodeCursor, olderThanCursor } from '../lib/cursor';
import { loadUserRefs, toPublicUser } from '../users/user-view';
import { viewLogEntries } from './list-log';
import { loadTargetUser } from './rank';

type Dated = { _id: Types.ObjectId; at: Date };

/**
 * `GET /api/users/:id/history` (moderators): the user's comments of every status, the reports they made and
 * received, and the moderation actions about them (on them or on their comments), newest first. Each
 * source is read from the cursor on, `limit + 1` of it; the merged page is the newest `limit` of those, so
 * the cursor (time, id) pages the four together without skipping or repeating.
 */
export async function userHistory(ctx: AppContext, id: string, opts: { limit: number; cursor?: string }) {
  const { Comment, Report, ModerationLog } = ctx.models;
  const target = await loadTargetUser(ctx, id);
  const userId = target._id;
  const n = opts.limit + 1;
  const older = olderThanCursor('at', opts.cursor);
  const byTime = { at: -1, _id: -1 } as const;
  const [comments, made, received, actions] = await Promise.all([
    Comment.find({ authorId: userId, ...olderThanCursor('createdAt', opts.cursor) })
      .sort({ createdAt: -1, _id: -1 })
      .limit(n)
      .lean<StoredComment[]>(),
    Report.find({ by: userId, ...older })
      .sort(byTime)
      .limit(n)
      .lean<ReportDoc[]>(),
    Report.find({ authorId: userId, ...older })
      .sort(byTime)
      .limit(n)
      .lean<ReportDoc[]>(),
    ModerationLog.find({ $and: [{ $or: [{ subjectId: userId }, { targetId: userId }] }, older] })
      .sort(byTime)
      .limit(n)
      .lean<LogDoc[]>(),
  ]);
  const merged = [
    ...comments.map((c) => ({ kind: 'comment' as const, _id: c._id, at: c.createdAt, doc: c })),
    ...made.map((r) => ({ kind: 'report-made' as const, _id: r._id, at: r.at, doc: r })),
    ...received.map((r) => ({ kind: 'report-received' as const, _id: r._id, at: r.at, doc: r })),
    ...actions.map((a) => ({ kind: 'action' as const, _id: a._id, at: a.at, doc: a })),
  ].sort(newestFirst);
  const page = merged.slice(0, opts.limit);
  const last = page[page.length - 1];
  const nextCursor =
    merged.length > opts.limit && last ? encodeCursor({ at: last.at.toISOString(), id: String(last._id) }) : null;
  return {
    user: { ...toPublicUser(target), premod: target.premod ?? false },
    items: await view(ctx, page),
    nextCursor,
  };
}

interface ReportDoc extends Dated {
  commentId: Types.ObjectId;
  by: Types.ObjectId;
  reason: string;
  status: string;
}
interface LogDoc extends Dated {
  actorId: Types.ObjectId;
  action: string;
  targetId: Types.ObjectId;
  reason?: string | null;
}

type Entry =
  | { kind: 'comment'; _id: Types.ObjectId; at: Date; doc: StoredComment }
  | { kind: 'report-made' | 'report-received'; _id: Types.ObjectId; at: Date; doc: ReportDoc }
  | { kind: 'action'; _id: Types.ObjectId; at: Date; doc: LogDoc };

const newestFirst = (a: Dated, b: Dated) =>
  b.at.getTime() - a.at.getTime() || (String(b._id) > String(a._id) ? 1 : String(b._id) < String(a._id) ? -1 : 0);

/** Each entry as `{ kind, at, comment | report | action }`, each kind's references loaded in one query. */
async function view(ctx: AppContext, page: Entry[]) {
  const comments: StoredComment[] = [];
  const reports: ReportDoc[] = [];
  const logged: LogDoc[] = [];
  for (const e of page) {
    if (e.kind === 'comment') comments.push(e.doc);
    else if (e.kind === 'action') logged.push(e.doc);
    else reports.push(e.doc);
  }
  const [commentViews, actions, refOf] = await Promise.all([
    viewComments(ctx.models, comments, { moderator: true }),
    viewLogEntries(ctx, logged),
    loadUserRefs(
      ctx.models.User,
      reports.map((r) => r.by),
    ),
  ]);
  const commentById = new Map(commentViews.map((c) => [c.id, c]));
  const actionById = new Map(actions.map((a) => [a.id, a]));
  return page.map((e) => {
    const at = e.at.toISOString();
    if (e.kind === 'comment') return { kind: e.kind, at, comment: commentById.get(String(e._id))! };
    if (e.kind === 'action') return { kind: e.kind, at, action: actionById.get(String(e._id))! };
    const r = e.doc;
    return {
      kind: e.kind,
      at,
      report: { commentId: String(r.commentId), by: refOf(r.by), reason: r.reason, status: r.status },
    };
  });
}
