import type { Types } from 'mongoose';
import type { Notification } from '../../shared/types';
import type { Actor, AppContext } from '../app-context';
import { newestFirstPage, olderThanCursor } from '../lib/cursor';
import { unreadCount } from './deliver';
import type { StoredNotification } from './notification-model';
import { viewNotifications } from './notification-view';

/** The signed-in user's notifications, newest first, with their unread count. */
export async function listNotifications(
  ctx: AppContext,
  actor: Actor,
  opts: { limit: number; cursor?: string },
): Promise<{ items: Notification[]; nextCursor: string | null; unread: number }> {
  const [docs, unread] = await Promise.all([
    ctx.models.Notification.find({ userId: actor.id, ...olderThanCursor('at', opts.cursor) })
      .sort({ at: -1, _id: -1 })
      .limit(opts.limit + 1)
      .lean<StoredNotification[]>(),
    unreadCount(ctx, actor.id),
  ]);
  const { page, nextCursor } = newestFirstPage(docs, opts.limit, (n) => n.at);
  return { items: await viewNotifications(ctx, page), nextCursor, unread };
}

/**
 * Marks the given notifications (or all) of the signed-in user read; ids of someone else's, or of none,
 * change nothing. Answers the unread count after it.
 */
export async function markNotificationsRead(
  ctx: AppContext,
  actor: Actor,
  which: { ids?: string[]; all?: true },
): Promise<{ unread: number }> {
  const filter: { userId: Types.ObjectId; read: false; _id?: { $in: string[] } } = { userId: actor.id, read: false };
  if (!which.all) filter._id = { $in: which.ids ?? [] };
  await ctx.models.Notification.updateMany(filter, { $set: { read: true } });
  return { unread: await unreadCount(ctx, actor.id) };
}
