import type { Types } from 'mongoose';
import { errors } from '../../shared/errors';
import type { Actor, AppContext } from '../app-context';
import { pathId } from '../lib/ids';
import { loadArticleByIdOrSlug } from './load-article';
import { finishArticleChange } from './article-change';
import { newPendingOp } from '../events/pending-op';
import { newestFirstPage, olderThanCursor } from '../lib/cursor';
import { isDuplicateKey } from '../lib/mongo-errors';
import { logModeration } from '../moderation-log/log-moderation';
import { normalizeArticleUrl } from './article-url';
import { viewArticles, type PublicArticle } from './article-view';
import { isValidSlug, slugify, withSuffix } from './slug';

const view = async (ctx: AppContext, a: Parameters<typeof viewArticles>[1][number]) =>
  (await viewArticles(ctx.models.User, [a], { withBody: true }))[0]!;

export async function getArticle(ctx: AppContext, idOrSlug: string): Promise<PublicArticle> {
  return view(ctx, await loadArticleByIdOrSlug(ctx, idOrSlug));
}

export async function createArticle(
  ctx: AppContext,
  actor: Actor,
  input: { title: string; body?: string; summary?: string; slug?: string; url?: string; externalId?: string },
): Promise<PublicArticle> {
  if (input.slug !== undefined && !isValidSlug(input.slug))
    throw errors.validationFailed({ slug: 'must be 1 to 96 of a-z 0-9 -, not 24 hex digits and not "lookup"' });
  const body = input.body ?? '';
  const url = input.url === undefined ? null : normalizeArticleUrl(input.url);
  if (input.url !== undefined && url === null) {
    throw errors.validationFailed({ url: 'must be an absolute http(s) URL' });
  }
  const { html } = ctx.renderer.render(body);
  const fields = {
    slug: input.slug,
    title: input.title,
    summary: input.summary ?? '',
    body,
    html,
    authorId: actor.id,
    publishedAt: ctx.now(),
  };
  try {
    return await view(ctx, await insertArticle(ctx, { ...fields, url, externalId: input.externalId ?? null }));
  } catch (err) {
    for (const field of ['url', 'externalId'] as const) {
      if (!isDuplicateKey(err, field)) continue;
      throw errors.conflict(`Another article has that ${field}.`, { fields: { [field]: 'is taken' } });
    }
    throw err;
  }
}

type NewArticle = { slug?: string; title: string; authorId: Types.ObjectId | null } & Record<string, unknown>;

/**
 * Inserts an article. A given slug must be free; a slug made from the title takes the next free suffix.
 * Other unique keys (url, importKey) are the caller's to handle: their duplicate key error is thrown.
 */
export async function insertArticle(ctx: AppContext, fields: NewArticle) {
  const { Article } = ctx.models;
  const base = fields.slug ?? slugify(fields.title);
  for (let n = 1; n < 50; n++) {
    const slug = n === 1 ? base : withSuffix(base, n);
    try {
      return (await Article.create({ ...fields, slug })).toObject();
    } catch (err) {
      if (!isDuplicateKey(err, 'slug')) throw err;
      if (fields.slug !== undefined) throw errors.conflict('That slug is taken.', { fields: { slug: 'is taken' } });
    }
  }
  throw errors.conflict('Could not find a free slug for that title.');
}

/** Edits, and locking: a lock or unlock is an event in the thread, so readers are told live. */
export async function updateArticle(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { title?: string; summary?: string; body?: string; locked?: boolean; premod?: 'inherit' | 'off' | 'all' },
): Promise<PublicArticle> {
  const { Article } = ctx.models;
  const articleId = pathId(id, 'article');
  const set: Record<string, unknown> = {};
  if (input.title !== undefined) set.title = input.title;
  if (input.summary !== undefined) set.summary = input.summary;
  if (input.body !== undefined) Object.assign(set, { body: input.body, html: ctx.renderer.render(input.body).html });
  if (input.premod !== undefined) set.premod = input.premod;
  if (Object.keys(set).length) {
    const res = await Article.updateOne({ _id: articleId }, { $set: set });
    if (!res.matchedCount) throw errors.notFound('No such article.');
  }
  if (input.premod !== undefined) await logModeration(ctx, actor, 'premod', articleId, input.premod);
  if (input.locked !== undefined) await setLocked(ctx, actor, articleId, input.locked);
  const article = await Article.findById(articleId).lean();
  if (!article) throw errors.notFound('No such article.');
  return view(ctx, article);
}

async function setLocked(ctx: AppContext, actor: Actor, articleId: Types.ObjectId, locked: boolean): Promise<void> {
  const { Article } = ctx.models;
  const op = newPendingOp(locked ? 'article.locked' : 'article.unlocked', 0, ctx.now());
  const changed = await Article.findOneAndUpdate(
    { _id: articleId, locked: !locked, pendingOp: { $exists: false } },
    { $set: { locked, pendingOp: op } },
  ).lean();
  if (!changed) {
    const current = await Article.findById(articleId).lean();
    if (!current) throw errors.notFound('No such article.');
    if (current.locked === locked) return; // already so: nothing happens, no event
    throw errors.conflict('The article is changing; try again.');
  }
  await finishArticleChange(ctx, articleId, op);
  await logModeration(ctx, actor, locked ? 'lock' : 'unlock', articleId, null);
}

export async function listArticles(ctx: AppContext, opts: { limit: number; cursor?: string }) {
  const filter = olderThanCursor('publishedAt', opts.cursor);
  const docs = await ctx.models.Article.find(filter, { body: 0, html: 0 })
    .sort({ publishedAt: -1, _id: -1 })
    .limit(opts.limit + 1)
    .lean();
  const { page, nextCursor } = newestFirstPage(docs, opts.limit, (a) => a.publishedAt);
  return { items: await viewArticles(ctx.models.User, page as never, { withBody: false }), nextCursor };
}
