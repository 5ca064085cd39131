import type { Types } from 'mongoose';
import { errors } from '../../shared/errors';
import type { AppContext } from '../app-context';
import { pathId } from '../lib/ids';
import { finishPendingChange } from './change-events';
import type { StoredComment } from './comment-store';

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
  // Held and rejected comments (pre-moderation) have no seq and no mark either: only marked ones wait.
  const waiting = await ctx.models.Comment.find(
    { articleId, seq: null, 'pendingOp.type': 'comment.created' },
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

/** What readers act on (react, report) must be visible: a removed or deleted comment shows nothing. */
export function assertVisible(comment: Pick<StoredComment, 'status'>): void {
  if (comment.status !== 'visible') throw errors.forbidden('This comment was removed or deleted.');
}
