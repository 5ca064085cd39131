import { type Connection, Schema } from 'mongoose';
import { pendingOpSchema } from '../events/pending-op';

const articleSchema = new Schema(
  {
    slug: { type: String, required: true, unique: true },
    title: { type: String, required: true },
    summary: { type: String, default: '' },
    // Neither is `required`: mongoose refuses '' for a required string, a body may render to nothing, and an
    // imported or embedded article has none (its text lives on the host's page).
    body: { type: String, default: '' },
    html: { type: String, default: '' },
    // Null for an article created by opening an embedded thread: nobody here wrote it.
    authorId: { type: Schema.Types.ObjectId, default: null },
    publishedAt: { type: Date, required: true },
    /** Both follow the event log: set from the newest event, never read-modified-written. */
    commentCount: { type: Number, default: 0, required: true },
    lastSeq: { type: Number, default: 0, required: true },
    locked: { type: Boolean, default: false, required: true },
    /** A lock/unlock whose event is not stored yet (see events/pending-op.ts). */
    pendingOp: { type: pendingOpSchema, default: undefined },
    /** The page the thread belongs to (normalised, see article-url.ts), for articles found by URL. */
    url: { type: String, default: null },
    /** The host's own id of the article (contract v2, embedding). */
    externalId: { type: String, default: null },
    /** Set on articles made by `npm run import` (`disqus:thread:<dsq:id>`). */
    importKey: { type: String },
    /** Pre-moderation of this thread: `inherit` follows the site's setting; `off` and `all` override it. */
    premod: { type: String, enum: ['inherit', 'off', 'all'], default: 'inherit' },
  },
  { versionKey: false },
);
articleSchema.index({ publishedAt: -1, _id: -1 });
// Unique when set; the many articles without one (null) are outside these indexes.
for (const field of ['url', 'externalId', 'importKey']) {
  articleSchema.index({ [field]: 1 }, { unique: true, partialFilterExpression: { [field]: { $type: 'string' } } });
}

export const articleModel = (conn: Connection) => conn.model('Article', articleSchema);
export type ArticleModel = ReturnType<typeof articleModel>;
