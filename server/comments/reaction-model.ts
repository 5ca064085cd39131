import { type Connection, Schema } from 'mongoose';

/** One reader's reaction to one comment; the comment's `reactions` counts these. */
const reactionSchema = new Schema(
  {
    commentId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// One per (comment, user): a PUT repeated or raced cannot count twice. Also answers `reacted` for a page
// (commentId $in, userId).
reactionSchema.index({ commentId: 1, userId: 1 }, { unique: true });

export const reactionModel = (conn: Connection) => conn.model('Reaction', reactionSchema);
export type ReactionModel = ReturnType<typeof reactionModel>;
