import { isValidObjectId, Types } from 'mongoose';
import { errors } from '../../shared/errors';
import type { AppContext } from '../app-context';
import { finishPendingChange } from './change-events';
import type { PendingOp } from '../events/pending-op';
import type { CommentFields } from './comment-view';

/** An id from a path: anything that is not an ObjectId is simply not found (never a cast error). */
export function pathId(id: string, what: string): Types.ObjectId {
  if (!isValidObjectId(id) || !/^[0-9a-f]{24}$/i.test(id)) throw errors.notFound(`No such ${what}.`);
  return new Types.ObjectId(id);
}

/** An id from a body field: a malformed one is a validation error naming the field. */
export function bodyId(id: string, field: string): Types.ObjectId {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw errors.validationFailed({ [field]: 'is not a valid id' });
  return new Types.ObjectId(id);
}

export type StoredComment = CommentFields & { pendingOp?: PendingOp | null; clientId?: string };

/**
 * The comment with its seq, or null while its creation event is not stored (no one has been told of it).
 * Its writer answers once the event is stored and writes the seq just after; a read in between (the author
 * or a reader acting on the event at once) finishes that itself, so it never misses the comment.
 */
export async function commentIfCreated<T extends Pick<StoredComment, '_id' | 'articleId' | 'seq' | 'pendingOp'>>(
  ctx: AppContext,
  comment: T,
): Promise<T | null> {
  if (comment.seq !== null) return comment;
  const op = comment.pendingOp;
  if (op?.type !== 'comment.created' || !(await ctx.eventLog.findByOp(op.id))) return null;
  const event = await finishPendingChange(ctx, comment, op);
  return { ...comment, seq: event.seq, pendingOp: null };
}

/**
 * Finishes, as `commentIfCreated` does, the creations of an article whose event is stored but whose seq is
 * not written yet (none, nearly always); answers how many, so a list read meanwhile is read again.
 */
export async function finishArticleCreations(ctx: AppContext, articleId: Types.ObjectId): Promise<number> {
  const waiting = await ctx.models.Comment.find(
    { articleId, seq: null },
    { articleId: 1, seq: 1, pendingOp: 1 },
  ).lean<StoredComment[]>();
  const settled = await Promise.all(waiting.map((c) => commentIfCreated(ctx, c)));
  return settled.filter(Boolean).length;
}

/** A comment that has its creation event (lists never show one that is still waiting for it). */
export async function loadComment(ctx: AppContext, id: string): Promise<StoredComment> {
  const found = await ctx.models.Comment.findById(pathId(id, 'comment')).lean<StoredComment>();
  const comment = found && (await commentIfCreated(ctx, found));
  if (!comment) throw errors.notFound('No such comment.');
  return comment;
}

export async function loadArticle(ctx: AppContext, id: Types.ObjectId | string) {
  const oid = typeof id === 'string' ? pathId(id, 'article') : id;
  const article = await ctx.models.Article.findById(oid).lean();
  if (!article) throw errors.notFound('No such article.');
  return article;
}
