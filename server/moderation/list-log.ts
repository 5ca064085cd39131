import { Types } from 'mongoose';
import { z } from 'zod';
import type { Domain } from '../domain';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { loadUserRefs } from '../users/user-view';

const logCursor = z.object({ at: z.iso.datetime(), id: z.string().regex(/^[0-9a-f]{24}$/) });

/** The moderation log, newest first. */
export async function listModerationLog(domain: Domain, opts: { limit: number; cursor?: string }) {
  const filter: Record<string, unknown> = {};
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor, logCursor);
    const at = new Date(c.at);
    filter.$or = [{ at: { $lt: at } }, { at, _id: { $lt: new Types.ObjectId(c.id) } }];
  }
  const docs = await domain.models.ModerationLog.find(filter).sort({ at: -1, _id: -1 }).limit(opts.limit + 1).lean();
  const page = docs.slice(0, opts.limit);
  const refOf = await loadUserRefs(domain.models.User, page.map((d) => d.actorId));
  const last = page[page.length - 1];
  return {
    items: page.map((d) => ({ id: String(d._id), actor: refOf(d.actorId), action: d.action, targetId: String(d.targetId), reason: d.reason ?? null, at: d.at.toISOString() })),
    nextCursor: docs.length > opts.limit && last ? encodeCursor({ at: last.at.toISOString(), id: String(last._id) }) : null,
  };
}
