/**
 * Articles of other sites' pages (contract v2, embedding): found by the host's id, else by the page's
 * normalised URL; created on first sight when the page's origin may embed threads. Never fetches the URL.
 */
import { errors } from '../../shared/errors';
import type { AppContext } from '../app-context';
import { isDuplicateKey } from '../lib/mongo-errors';
import { normalizeArticleUrl } from './article-url';
import { viewArticles, type PublicArticle } from './article-view';
import { insertArticle } from './articles';

export interface ArticleKey {
  url?: string;
  externalId?: string;
}

export interface EmbedPolicy {
  origins: string[];
  autoCreate: boolean;
}

/** The stored form of a key; a URL that is not absolute http(s) fails validation. */
function storedUrl(raw: string): string {
  const url = normalizeArticleUrl(raw);
  if (url === null) throw errors.validationFailed({ url: 'must be an absolute http(s) URL' });
  return url;
}

/** The key's article: by externalId when given (the host's id wins), else by URL. */
export async function findByKey(ctx: AppContext, key: ArticleKey) {
  const { Article } = ctx.models;
  if (key.externalId !== undefined) return Article.findOne({ externalId: key.externalId }).lean();
  if (key.url !== undefined) return Article.findOne({ url: storedUrl(key.url) }).lean();
  return null;
}

const viewOne = async (ctx: AppContext, doc: Parameters<typeof viewArticles>[1][number]): Promise<PublicArticle> =>
  (await viewArticles(ctx.models.User, [doc], { withBody: true }))[0]!;

export async function lookupArticle(ctx: AppContext, key: ArticleKey): Promise<PublicArticle> {
  const found = await findByKey(ctx, key);
  if (!found) throw errors.notFound('No article for that page.');
  return viewOne(ctx, found);
}

/**
 * Finds the page's article or makes it. Two readers opening a new page at once make one article: the
 * loser of the race meets the unique index and answers the winner's.
 */
export async function openEmbeddedArticle(
  ctx: AppContext,
  policy: EmbedPolicy,
  input: { url: string; externalId?: string; title: string },
  address: string,
): Promise<{ article: PublicArticle; created: boolean }> {
  const url = storedUrl(input.url);
  const found = await findByKey(ctx, input);
  if (found) return { article: await viewOne(ctx, found), created: false };
  if (!policy.origins.includes(new URL(url).origin)) {
    throw errors.forbidden("This page's site may not embed threads here.");
  }
  if (!policy.autoCreate) throw errors.forbidden('Threads of new pages are created by a moderator here.');
  await ctx.limits.consume('embedCreate', address);
  const fields = { title: input.title, summary: '', body: '', html: '', authorId: null, publishedAt: ctx.now() };
  // Without a host id the URL is the key. With one, a URL that another host id already holds is left out:
  // this id gets its own thread, found by its id alone.
  for (const withUrl of [true, false]) {
    try {
      const keys = { url: withUrl ? url : null, externalId: input.externalId ?? null };
      const doc = await insertArticle(ctx, { ...fields, ...keys });
      return { article: await viewOne(ctx, doc), created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const winner = await findByKey(ctx, input);
      if (winner) return { article: await viewOne(ctx, winner), created: false };
      if (input.externalId === undefined || !isDuplicateKey(err, 'url')) throw err;
    }
  }
  throw errors.conflict("The page's thread is changing; try again.");
}

/** Comment counts of many pages in two queries; an unknown page counts 0. */
export async function countsOf(ctx: AppContext, keys: ArticleKey[]) {
  const { Article } = ctx.models;
  const ids = keys.flatMap((k) => (k.externalId !== undefined ? [k.externalId] : []));
  const urls = keys.flatMap((k) => (k.url !== undefined ? [storedUrl(k.url)] : []));
  const projection = { url: 1, externalId: 1, commentCount: 1 };
  const [byId, byUrl] = await Promise.all([
    ids.length ? Article.find({ externalId: { $in: ids } }, projection).lean() : [],
    urls.length ? Article.find({ url: { $in: urls } }, projection).lean() : [],
  ]);
  const idCount = new Map(byId.map((a) => [a.externalId, a.commentCount]));
  const urlCount = new Map(byUrl.map((a) => [a.url, a.commentCount]));
  return keys.map((k) =>
    k.externalId !== undefined
      ? { externalId: k.externalId, commentCount: idCount.get(k.externalId) ?? 0 }
      : { url: k.url!, commentCount: urlCount.get(storedUrl(k.url!)) ?? 0 },
  );
}
