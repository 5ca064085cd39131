import { Types } from 'mongoose';
import type { AppContext } from '../app-context';
import { isDuplicateKey } from '../lib/mongo-errors';
import type { NotificationType } from '../../shared/types';
import { viewNotifications } from './notification-view';
import type { StoredNotification } from './notification-model';

/** One notification to make: everything but what storing it adds. */
export interface NotificationDraft {
  userId: Types.ObjectId;
  type: NotificationType;
  commentId: Types.ObjectId;
  articleId: Types.ObjectId;
  actorId: Types.ObjectId | null;
  message: string;
  onceKey?: string;
}

/** The recipient's unread count (the `{ userId, read }` index). */
export const unreadCount = (ctx: AppContext, userId: Types.ObjectId) =>
  ctx.models.Notification.countDocuments({ userId, read: false });

/**
 * Stores each draft, then tells its recipient's sockets (write, then publish). A draft whose `onceKey` the
 * recipient already has is skipped: that notification was made before.
 */
export async function deliver(ctx: AppContext, drafts: NotificationDraft[]): Promise<void> {
  const at = ctx.now();
  const stored = await Promise.all(drafts.map((draft) => storeEventOfOp(ctx, { ...draft, at })));
  const made = stored.filter((n): n is StoredNotification => n !== null);
  const views = await viewNotifications(ctx, made);
  await Promise.all(
    made.map(async (n, i) => {
      const unread = await unreadCount(ctx, n.userId);
      ctx.publish.notification({ userId: String(n.userId), notification: views[i]!, unread });
    }),
  );
}

async function storeEventOfOp(
  ctx: AppContext,
  draft: NotificationDraft & { at: Date },
): Promise<StoredNotification | null> {
  const doc = { _id: new Types.ObjectId(), ...draft, read: false };
  try {
    await ctx.models.Notification.collection.insertOne(doc);
    return doc as StoredNotification;
  } catch (err) {
    if (isDuplicateKey(err, 'onceKey')) return null;
    throw err;
  }
}

/** Runs a notification step off the caller's answer path: a failure is logged, never thrown. */
export function inBackground(ctx: AppContext, what: string, step: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve))
    .then(step)
    .catch((err: unknown) => ctx.logger.warn({ err }, `could not notify about ${what}`));
}
