import { type Connection, type InferSchemaType, Schema, type Types } from 'mongoose';
import { type PendingOp, pendingOpSchema } from '../events/pending-op';

/** `pending`: held for review, with no event yet; `rejected`: held and refused, never public. */
export const COMMENT_STATUSES = ['visible', 'deleted', 'removed', 'pending', 'rejected'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

// `as const` keeps `default: null` and `required: true` literal, for the types derived below.
const commentDefinition = {
  articleId: { type: Schema.Types.ObjectId, required: true },
  /** The seq of its comment.created event; null until that event is stored (lists skip it until then). */
  seq: { type: Number, default: null },
  /** A change whose event is not stored yet (see events/pending-op.ts). */
  pendingOp: { type: pendingOpSchema, default: undefined },
  parentId: { type: Schema.Types.ObjectId, default: null },
  quoteId: { type: Schema.Types.ObjectId, default: null },
  authorId: { type: Schema.Types.ObjectId, required: true },
  body: { type: String, required: true },
  // Not `required`: mongoose refuses '' for a required string, and a body may render to nothing ('>',
  // '```', a bare link reference definition) or to an empty excerpt.
  html: { type: String, default: '' },
  /** The masked plain-text start of the body that quotes of this comment show (≤ 300 code points). */
  excerpt: { type: String, default: '' },
  status: { type: String, enum: COMMENT_STATUSES, default: 'visible', required: true },
  createdAt: { type: Date, required: true },
  editedAt: { type: Date, default: null },
  editedBy: { type: Schema.Types.ObjectId, default: null },
  clientId: { type: String },
  removedReason: { type: String, default: null },
  /** Set on comments made by `npm run import` (`disqus:<dsq:id>`): a second run finds them. */
  importKey: { type: String },
  /** Readers' reactions (one per user, see reaction-model.ts), kept by $inc guarded by their writes. */
  reactions: { type: Number, default: 0 },
  /** Visible direct replies, kept by the follow-up of each reply's event (comments/change-events.ts). */
  replyCount: { type: Number, default: 0 },
  /** Who approved or rejected it when it was held (pre-moderation), and when; why, for a rejection. */
  decidedBy: { type: Schema.Types.ObjectId, default: undefined },
  decidedAt: { type: Date, default: undefined },
  rejectedReason: { type: String, default: undefined },
  /** A reply or mention whose notifications and mail may not all be made yet (notifications/tell-comment.ts). */
  notifyPending: { type: Boolean, default: undefined },
} as const;
const commentSchema = new Schema(commentDefinition, { versionKey: false });
// The thread in seq order, both ways, and the page around a comment.
commentSchema.index({ articleId: 1, seq: 1 });
// Idempotent posts: a retry with the same clientId cannot create a second comment, even concurrently.
commentSchema.index(
  { authorId: 1, articleId: 1, clientId: 1 },
  { unique: true, partialFilterExpression: { clientId: { $type: 'string' } } },
);
commentSchema.index({ importKey: 1 }, { unique: true, partialFilterExpression: { importKey: { $type: 'string' } } });
// The repair job's work list.
commentSchema.index({ 'pendingOp.at': 1 }, { sparse: true });
commentSchema.index({ notifyPending: 1 }, { sparse: true });
commentSchema.index({ authorId: 1, status: 1 });
// A profile's comments, newest first, paged by (createdAt, _id).
commentSchema.index({ authorId: 1, status: 1, createdAt: -1, _id: -1 });
// sort=top and sort=replies page over top-level comments in these orders; the first also finds replies by parent.
commentSchema.index({ articleId: 1, parentId: 1, reactions: -1, seq: 1 });
commentSchema.index({ articleId: 1, parentId: 1, replyCount: -1, seq: 1 });
// The pre-moderation queue, oldest first; and a user's history (every status), newest first.
commentSchema.index({ status: 1, createdAt: 1, _id: 1 });
commentSchema.index({ authorId: 1, createdAt: -1, _id: -1 });

export const commentModel = (conn: Connection) => conn.model('Comment', commentSchema);
export type CommentModel = ReturnType<typeof commentModel>;

type Definition = typeof commentDefinition;
type Inferred = InferSchemaType<typeof commentSchema>;
type NullDefaulted = { [K in keyof Definition]: Definition[K] extends { default: null } ? K : never }[keyof Definition];
/** Mongoose makes a null-defaulted field optional, but newCommentDoc writes it on every comment. */
type Present = { [K in NullDefaulted]: Exclude<Inferred[K], undefined> };
/** Absent on comments stored before v2 (counted as 0). */
type V2Counters = Partial<Pick<Inferred, 'reactions' | 'replyCount'>>;
/** Its `type` is an EventType, where mongoose infers any string. */
type Pending = { pendingOp?: PendingOp | null };

/**
 * A comment as stored, derived from the schema above: a new field is declared there only. The three
 * types before narrow mongoose's inference where it is looser than what is stored.
 */
export type StoredComment = Omit<Inferred, keyof Present | keyof V2Counters | keyof Pending> &
  Present &
  V2Counters &
  Pending & { _id: Types.ObjectId };
