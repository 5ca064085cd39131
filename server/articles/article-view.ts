import type { Types } from 'mongoose';
import type { UserModel } from '../users/user-model';
import type { PublicArticle } from '../../shared/types';
import { loadUserRefs } from '../users/user-view';

export type { PublicArticle };

interface ArticleFields {
  _id: Types.ObjectId;
  slug: string;
  title: string;
  summary?: string | null;
  body: string;
  html: string;
  authorId?: Types.ObjectId | null;
  publishedAt: Date;
  commentCount: number;
  locked: boolean;
  lastSeq: number;
  url?: string | null;
  externalId?: string | null;
  premod?: string | null;
}

/** Lists leave out `body` and `html`; single answers carry them. */
export async function viewArticles(
  User: UserModel,
  articles: ArticleFields[],
  opts: { withBody: boolean },
): Promise<PublicArticle[]> {
  const refOf = await loadUserRefs(
    User,
    articles.map((a) => a.authorId),
  );
  return articles.map((a) => ({
    id: String(a._id),
    slug: a.slug,
    title: a.title,
    summary: a.summary ?? '',
    ...(opts.withBody
      ? { body: a.body, html: a.html, premod: (a.premod ?? 'inherit') as PublicArticle['premod'] }
      : {}),
    author: a.authorId ? refOf(a.authorId) : null,
    publishedAt: a.publishedAt.toISOString(),
    commentCount: a.commentCount,
    locked: a.locked,
    lastSeq: a.lastSeq,
    url: a.url ?? null,
    externalId: a.externalId ?? null,
  }));
}
