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
] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

const logSchema = new Schema(
  {
    actorId: { type: Schema.Types.ObjectId, required: true },
    action: { type: String, enum: MODERATION_ACTIONS, required: true },
    targetId: { type: Schema.Types.ObjectId, required: true },
    reason: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
logSchema.index({ at: -1, _id: -1 });

export const moderationLogModel = (conn: Connection) => conn.model('ModerationLog', logSchema);
export type ModerationLogModel = ReturnType<typeof moderationLogModel>;
