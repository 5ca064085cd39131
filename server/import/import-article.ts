import type { Types } from 'mongoose';
import { truncateCodePoints } from '../../shared/text';
import type { AppContext } from '../app-context';
import { insertArticle } from '../articles/articles';
import { isDuplicateKey } from '../lib/mongo-errors';
import type { StagedThread } from './types';

/**
 * The article of an imported thread: the one imported from it before (importKey), else the one with its
 * host id or URL (a thread the site already has, e.g. embedded), else a new one with an empty body (the
 * text lives on the host's page). A closed thread arrives locked. Answers whether it was made now.
 */
export async function ensureArticle(ctx: AppContext, thread: StagedThread, firstPostAt: Date, authorId: Types.ObjectId) {
  const { Article } = ctx.models;
  const find = async () => {
    const lookups = [
      { importKey: thread.key },
      thread.externalId && { externalId: thread.externalId },
      thread.url && { url: thread.url },
    ];
    for (const filter of lookups) {
      const found = filter ? await Article.findOne(filter, { _id: 1 }).lean() : null;
      if (found) return found._id;
    }
    return null;
  };
  const existing = await find();
  if (existing) return { articleId: existing, created: false };
  try {
    const doc = await insertArticle(ctx, {
      title: truncateCodePoints(thread.title, 200),
      summary: '',
      body: '',
      html: '',
      authorId,
      publishedAt: thread.createdAt ?? firstPostAt,
      locked: thread.closed,
      url: thread.url,
      externalId: thread.externalId,
      importKey: thread.key,
    });
    return { articleId: doc._id, created: true };
  } catch (err) {
    // Made meanwhile by someone else (an embed opened the page): use that one.
    const found = isDuplicateKey(err) ? await find() : null;
    if (!found) throw err;
    return { articleId: found, created: false };
  }
}
