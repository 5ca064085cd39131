import { type Connection, Schema } from 'mongoose';

export const MODERATION_ACTIONS = [
  'remove',
  'restore',
  'dismiss',
  'ban',
  'unban',
  'role',
  'lock',
  'unlock',
  'edit',
  'approve',
  'reject',
  'suspend',
  'unsuspend',
  'premod',
] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

const logSchema = new Schema(
  {
    actorId: { type: Schema.Types.ObjectId, required: true },
    action: { type: String, enum: MODERATION_ACTIONS, required: true },
    targetId: { type: Schema.Types.ObjectId, required: true },
    reason: { type: String, default: null },
    at: { type: Date, required: true },
    /** The user the action is about (the target, or the author of the target comment), for their history. */
    subjectId: { type: Schema.Types.ObjectId, default: undefined },
  },
  { versionKey: false },
);
logSchema.index({ at: -1, _id: -1 });
logSchema.index({ subjectId: 1, at: -1, _id: -1 });

export const moderationLogModel = (conn: Connection) => conn.model('ModerationLog', logSchema);
export type ModerationLogModel = ReturnType<typeof moderationLogModel>;
