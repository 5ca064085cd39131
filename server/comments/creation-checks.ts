import type { Types } from 'mongoose';
import { errors } from '../../shared/errors';
import type { AppContext } from '../app-context';
import { commentIfCreated } from './load-comment';
import type { ArticleForPost } from './post-rounds';
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
 * Whether the thread takes this comment (its lock read in the round of overlapping posts: post-rounds.ts): the article exists and is not locked, the parent and the quote
 * are comments of it (the quote a visible one). The reads go at once; the first refusal in that order is
 * thrown, so the answer does not depend on which read came back first.
 */
export async function checkCreation(ctx: AppContext, c: Creation) {
  const checks = await Promise.allSettled([
    ctx.rounds.article(String(c.articleId)).then((article) => {
      if (!article) throw errors.notFound('No such article.');
      if (article.locked) throw errors.forbidden('This thread is locked.');
      return article;
    }),
    c.parentId ? checkReference(ctx, c.articleId, c.parentId, 'parentId') : undefined,
    c.quoteId ? checkReference(ctx, c.articleId, c.quoteId, 'quoteId') : undefined,
  ]);
  const refused = checks.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (refused) throw refused.reason;
  // The article, for what else the caller decides about it (pre-moderation).
  return (checks[0] as PromiseFulfilledResult<ArticleForPost>).value;
}
