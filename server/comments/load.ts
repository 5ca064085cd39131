import { isValidObjectId, Types } from 'mongoose';
import { errors } from '../../shared/errors';
import type { Domain } from '../domain';
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

/** A comment that has its creation event (lists never show one that is still waiting for it). */
export async function loadComment(domain: Domain, id: string): Promise<StoredComment> {
  const comment = await domain.models.Comment.findById(pathId(id, 'comment')).lean<StoredComment>();
  if (!comment || comment.seq === null) throw errors.notFound('No such comment.');
  return comment;
}

export async function loadArticle(domain: Domain, id: Types.ObjectId | string) {
  const oid = typeof id === 'string' ? pathId(id, 'article') : id;
  const article = await domain.models.Article.findById(oid).lean();
  if (!article) throw errors.notFound('No such article.');
  return article;
}
