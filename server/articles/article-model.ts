import { type Connection, Schema } from 'mongoose';
import { pendingOpSchema } from '../events/pending-op';

const articleSchema = new Schema(
  {
    slug: { type: String, required: true, unique: true },
    title: { type: String, required: true },
    summary: { type: String, default: '' },
    body: { type: String, required: true },
    // Not `required`: mongoose refuses '' for a required string, and a body may render to nothing.
    html: { type: String, default: '' },
    authorId: { type: Schema.Types.ObjectId, required: true },
    publishedAt: { type: Date, required: true },
    /** Both follow the event log: set from the newest event, never read-modified-written. */
    commentCount: { type: Number, default: 0, required: true },
    lastSeq: { type: Number, default: 0, required: true },
    locked: { type: Boolean, default: false, required: true },
    /** A lock/unlock whose event is not stored yet (see events/pending-op.ts). */
    pendingOp: { type: pendingOpSchema, default: undefined },
  },
  { versionKey: false },
);
articleSchema.index({ publishedAt: -1, _id: -1 });

export const articleModel = (conn: Connection) => conn.model('Article', articleSchema);
export type ArticleModel = ReturnType<typeof articleModel>;
