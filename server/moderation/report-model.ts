import { type Connection, Schema } from 'mongoose';

const reportSchema = new Schema(
  {
    commentId: { type: Schema.Types.ObjectId, required: true },
    by: { type: Schema.Types.ObjectId, required: true },
    reason: { type: String, required: true },
    at: { type: Date, required: true },
    status: { type: String, enum: ['open', 'closed'], default: 'open', required: true },
    closedAt: { type: Date, default: null },
    /** The reported comment's author (set since v2), for their history. */
    authorId: { type: Schema.Types.ObjectId, default: undefined },
  },
  { versionKey: false },
);
// One open report per user and comment.
reportSchema.index({ commentId: 1, by: 1 }, { unique: true, partialFilterExpression: { status: 'open' } });
reportSchema.index({ status: 1, commentId: 1 });
// A user's own reports (the account export).
reportSchema.index({ by: 1, at: 1 });
reportSchema.index({ authorId: 1, at: -1, _id: -1 });
reportSchema.index({ by: 1, at: -1, _id: -1 });

export const reportModel = (conn: Connection) => conn.model('Report', reportSchema);
export type ReportModel = ReturnType<typeof reportModel>;
