import { Types } from 'mongoose';
import type { PendingOp } from '../events/pending-op';
import type { CommentStatus } from './comment-model';
import type { RenderedComment } from './render';
import type { StoredComment } from './comment-store';

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
}

export type NewCommentDoc = StoredComment & {
  removedReason: string | null;
  reactions: number;
  replyCount: number;
  importKey?: string;
};

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
  };
}
