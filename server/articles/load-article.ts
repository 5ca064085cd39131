import type { Types } from 'mongoose';
import { errors } from '../../shared/errors';
import { isObjectIdString } from '../../shared/ids';
import type { AppContext } from '../app-context';
import { pathId } from '../lib/ids';

/** The article by its id (a malformed id from a path is simply not found). */
export async function loadArticle(ctx: AppContext, id: Types.ObjectId | string) {
  const oid = typeof id === 'string' ? pathId(id, 'article') : id;
  const article = await ctx.models.Article.findById(oid).lean();
  if (!article) throw errors.notFound('No such article.');
  return article;
}

/** By id, or by slug (a slug is never 24 hex digits, so the two cannot be confused). */
export async function loadArticleByIdOrSlug(ctx: AppContext, idOrSlug: string) {
  if (isObjectIdString(idOrSlug)) return loadArticle(ctx, idOrSlug);
  const article = await ctx.models.Article.findOne({ slug: idOrSlug }).lean();
  if (!article) throw errors.notFound('No such article.');
  return article;
}
