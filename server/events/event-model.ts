import { type Connection, Schema } from 'mongoose';

export const EVENT_TYPES = [
  'comment.created',
  'comment.edited',
  'comment.deleted',
  'comment.removed',
  'comment.restored',
  'article.locked',
  'article.unlocked',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const eventSchema = new Schema(
  {
    articleId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    type: { type: String, enum: EVENT_TYPES, required: true },
    at: { type: Date, required: true },
    commentId: { type: Schema.Types.ObjectId, default: null },
    /** The article's visible comments after this event: the previous event's count plus this one's change. */
    commentCount: { type: Number, required: true },
    /** The change this event records (see pending-op.ts): lets a repair tell whether it was stored. */
    opId: { type: Schema.Types.ObjectId, required: true },
  },
  { versionKey: false },
);
// Gap-free numbering: seq n is taken by exactly one event; a writer that loses the race retries with n+1.
eventSchema.index({ articleId: 1, seq: 1 }, { unique: true });
// One event per change, even when a writer and a repair race to store it.
eventSchema.index({ opId: 1 }, { unique: true });

export const eventModel = (conn: Connection) => conn.model('Event', eventSchema);
export type EventModel = ReturnType<typeof eventModel>;
