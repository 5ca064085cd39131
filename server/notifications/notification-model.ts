import { type Connection, type InferSchemaType, Schema, type Types } from 'mongoose';

export const NOTIFICATION_TYPES = ['reply', 'mention', 'moderation'] as const;

const notificationSchema = new Schema(
  {
    /** The recipient. */
    userId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, enum: NOTIFICATION_TYPES, required: true },
    commentId: { type: Schema.Types.ObjectId, required: true },
    articleId: { type: Schema.Types.ObjectId, required: true },
    /** Who replied or mentioned; null for a moderation decision. */
    actorId: { type: Schema.Types.ObjectId, default: null },
    message: { type: String, required: true },
    at: { type: Date, required: true },
    read: { type: Boolean, default: false, required: true },
    /**
     * Set on a reply or a mention (`comment:<id>`): one per recipient and comment, so a second call for
     * the same comment (a retry, the approval of a held one) tells nobody twice. Decisions have none: a
     * comment removed, restored and removed again is two decisions.
     */
    onceKey: { type: String },
  },
  { versionKey: false },
);
// The recipient's page, newest first, paged by (at, _id).
notificationSchema.index({ userId: 1, at: -1, _id: -1 });
// The unread count, and marking them all read.
notificationSchema.index({ userId: 1, read: 1 });
notificationSchema.index(
  { userId: 1, onceKey: 1 },
  { unique: true, partialFilterExpression: { onceKey: { $type: 'string' } } },
);

export type StoredNotification = InferSchemaType<typeof notificationSchema> & { _id: Types.ObjectId };

export const notificationModel = (conn: Connection) => conn.model('Notification', notificationSchema);
export type NotificationModel = ReturnType<typeof notificationModel>;
