import type { Types } from 'mongoose';
import type { AppContext } from '../app-context';
import { newestFirstPage, olderThanCursor } from '../lib/cursor';
import { loadUserRefs } from '../users/user-view';

/** The moderation log, newest first. */
export async function listModerationLog(ctx: AppContext, opts: { limit: number; cursor?: string }) {
  const filter = olderThanCursor('at', opts.cursor);
  const docs = await ctx.models.ModerationLog.find(filter)
    .sort({ at: -1, _id: -1 })
    .limit(opts.limit + 1)
    .lean();
  const { page, nextCursor } = newestFirstPage(docs, opts.limit, (d) => d.at);
  return { items: await viewLogEntries(ctx, page), nextCursor };
}

interface LogFields {
  _id: Types.ObjectId;
  actorId: Types.ObjectId;
  action: string;
  targetId: Types.ObjectId;
  reason?: string | null;
  at: Date;
}

/** Log entries as the contract shows them, their actors loaded in one query. */
export async function viewLogEntries(ctx: AppContext, docs: LogFields[]) {
  const refOf = await loadUserRefs(
    ctx.models.User,
    docs.map((d) => d.actorId),
  );
  return docs.map((d) => ({
    id: String(d._id),
    actor: refOf(d.actorId),
    action: d.action,
    targetId: String(d.targetId),
    reason: d.reason ?? null,
    at: d.at.toISOString(),
  }));
}
