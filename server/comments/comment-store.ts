import { Types } from 'mongoose';
import type { AppContext } from '../app-context';
import type { PendingOp } from '../events/pending-op';
import type { CommentStatus, StoredComment } from './comment-model';
import type { RenderedComment } from './render';

export type { StoredComment };

export interface NewComment {
  articleId: Types.ObjectId;
  authorId: Types.ObjectId;
  parentId: Types.ObjectId | null;
  quoteId: Types.ObjectId | null;
  body: string;
  rendered: RenderedComment;
  createdAt: Date;
  /** Its pending comment.created (it stays invisible until that event is stored). */
  op: PendingOp;
  _id?: Types.ObjectId;
  status?: CommentStatus;
  removedReason?: string | null;
  clientId?: string;
  importKey?: string;
  /** Someone may have to be told of it (notifications/tell-comment.ts): marked until they are. */
  mayTell?: boolean;
}

type Counters = Required<Pick<StoredComment, 'reactions' | 'replyCount'>>;
/** A new comment: its creation pending, its counters set (see newCommentDoc). */
export type NewCommentDoc = StoredComment & Counters & { pendingOp: PendingOp };

/**
 * A new comment as stored, every field of the schema set (defaults included): it goes to the driver as
 * it is, since a mongoose document would cost as much CPU as the round trip. Posting and importing
 * both build theirs here.
 */
export function newCommentDoc(c: NewComment): NewCommentDoc {
  return {
    _id: c._id ?? new Types.ObjectId(),
    articleId: c.articleId,
    seq: null,
    pendingOp: c.op,
    parentId: c.parentId,
    quoteId: c.quoteId,
    authorId: c.authorId,
    body: c.body,
    html: c.rendered.html,
    excerpt: c.rendered.excerpt,
    status: c.status ?? 'visible',
    createdAt: c.createdAt,
    editedAt: null,
    editedBy: null,
    removedReason: c.removedReason ?? null,
    reactions: 0,
    replyCount: 0,
    ...(c.clientId ? { clientId: c.clientId } : {}),
    ...(c.importKey ? { importKey: c.importKey } : {}),
    ...(c.mayTell ? { notifyPending: true } : {}),
  };
}

/**
 * Stores a new comment with its pending creation: invisible (seq null) until that event is stored. Straight
 * to the driver, as built by newCommentDoc, in one insert with the article's other overlapping posts.
 */
export async function insertPending(ctx: AppContext, doc: NewCommentDoc): Promise<void> {
  await ctx.rounds.insertComment(String(doc.articleId), doc);
}

/** Takes out a creation a check refused, only while its creation is still the change pending on it. */
export async function takeOutRefused(ctx: AppContext, comment: Pick<StoredComment, '_id'>, op: PendingOp) {
  await ctx.models.Comment.deleteOne({ _id: comment._id, 'pendingOp.id': op.id });
}

/**
 * Writes a change together with its pending op, in one atomic write, provided `guard` still holds and no
 * other change is pending on the comment; answers the comment after it, or null when it did not apply.
 */
export function applyChange(
  ctx: AppContext,
  commentId: StoredComment['_id'],
  change: { guard: Record<string, unknown>; set: Record<string, unknown> },
  op: PendingOp,
) {
  return ctx.models.Comment.findOneAndUpdate(
    { _id: commentId, ...change.guard, pendingOp: { $exists: false } },
    { $set: { ...change.set, pendingOp: op } },
    { returnDocument: 'after' },
  ).lean<StoredComment>();
}
