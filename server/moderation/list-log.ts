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
  const refOf = await loadUserRefs(
    ctx.models.User,
    page.map((d) => d.actorId),
  );
  return {
    items: page.map((d) => ({
      id: String(d._id),
      actor: refOf(d.actorId),
      action: d.action,
      targetId: String(d.targetId),
      reason: d.reason ?? null,
      at: d.at.toISOString(),
    })),
    nextCursor,
  };
}
