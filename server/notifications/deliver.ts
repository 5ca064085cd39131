import { Types } from 'mongoose';
import type { Domain } from '../domain';
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
export const unreadCount = (domain: Domain, userId: Types.ObjectId) =>
  domain.models.Notification.countDocuments({ userId, read: false });

/**
 * Stores each draft, then tells its recipient's sockets (write, then publish). A draft whose `onceKey` the
 * recipient already has is skipped: that notification was made before.
 */
export async function deliver(domain: Domain, drafts: NotificationDraft[]): Promise<void> {
  const at = domain.now();
  const stored = await Promise.all(drafts.map((draft) => storeOnce(domain, { ...draft, at })));
  const made = stored.filter((n): n is StoredNotification => n !== null);
  const views = await viewNotifications(domain, made);
  await Promise.all(
    made.map(async (n, i) => {
      const unread = await unreadCount(domain, n.userId);
      domain.publish.notification({ userId: String(n.userId), notification: views[i]!, unread });
    }),
  );
}

async function storeOnce(domain: Domain, draft: NotificationDraft & { at: Date }): Promise<StoredNotification | null> {
  const doc = { _id: new Types.ObjectId(), ...draft, read: false };
  try {
    await domain.models.Notification.collection.insertOne(doc);
    return doc as StoredNotification;
  } catch (err) {
    if (isDuplicateKey(err, 'onceKey')) return null;
    throw err;
  }
}

/** Runs a notification step off the caller's answer path: a failure is logged, never thrown. */
export function inBackground(domain: Domain, what: string, step: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve))
    .then(step)
    .catch((err: unknown) => domain.logger.warn({ err }, `could not notify about ${what}`));
}
