import type { Types } from 'mongoose';
import { AppError, errors } from '../../shared/errors';
import type { AppContext } from '../app-context';
import { finishPendingChange } from './change-events';
import type { PendingOp } from '../events/pending-op';
import { loadArticle } from '../articles/load-article';
import { commentIfCreated } from './load-comment';
import type { StoredComment } from './comment-store';

interface Creation {
  articleId: Types.ObjectId;
  parentId?: Types.ObjectId | null;
  quoteId?: Types.ObjectId | null;
}

async function checkReference(
  ctx: AppContext,
  articleId: Types.ObjectId,
  id: Types.ObjectId,
  field: 'parentId' | 'quoteId',
): Promise<void> {
  const found = await ctx.models.Comment.findById(id, {
    articleId: 1,
    seq: 1,
    status: 1,
    pendingOp: 1,
  }).lean<StoredComment>();
  const ref = found && (await commentIfCreated(ctx, found));
  if (!ref || !ref.articleId.equals(articleId))
    throw errors.validationFailed({ [field]: 'names no comment of this article' });
  if (field === 'quoteId' && ref.status !== 'visible')
    throw errors.validationFailed({ quoteId: 'names a comment that is not visible' });
}

/**
 * Whether the thread takes this comment: the article exists and is not locked, the parent and the quote
 * are comments of it (the quote a visible one). The reads go at once; the first refusal in that order is
 * thrown, so the answer does not depend on which read came back first.
 */
export async function checkCreation(ctx: AppContext, c: Creation): Promise<void> {
  const checks = await Promise.allSettled([
    loadArticle(ctx, c.articleId).then((article) => {
      if (article.locked) throw errors.forbidden('This thread is locked.');
    }),
    c.parentId ? checkReference(ctx, c.articleId, c.parentId, 'parentId') : undefined,
    c.quoteId ? checkReference(ctx, c.articleId, c.quoteId, 'quoteId') : undefined,
  ]);
  const refused = checks.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (refused) throw refused.reason;
}

/**
 * Finishes a creation left pending without its event (by a writer that died or failed, for the repair job;
 * by one that may still be at work, for a retry of the same post): its checks ran beside its insert, so
 * they are run again first. A refused one is taken out (it was never answered 201) and the refusal thrown;
 * a store failure is thrown as it is.
 */
export async function finishPendingCreation(
  ctx: AppContext,
  comment: StoredComment & { pendingOp: PendingOp },
): Promise<void> {
  try {
    await checkCreation(ctx, comment);
  } catch (err) {
    if (err instanceof AppError && err.code !== 'unavailable' && err.code !== 'internal') {
      await ctx.models.Comment.deleteOne({ _id: comment._id, 'pendingOp.id': comment.pendingOp.id });
    }
    throw err;
  }
  await finishPendingChange(ctx, comment, comment.pendingOp);
}
