import type { Types } from 'mongoose';
import { errors } from '../../shared/errors';
import { usernameKey } from '../../shared/text';
import type { UserRef } from '../../shared/types';
import { viewComments, type PublicComment } from '../comments/comment-view';
import { pathId } from '../lib/ids';
import type { StoredComment } from '../comments/comment-store';
import type { AppContext } from '../app-context';
import { newestFirstPage, olderThanCursor } from '../lib/cursor';
import { toUserRef } from './user-view';

export interface Profile extends UserRef {
  createdAt: string;
  commentCount: number;
}

/** Only visible comments whose creation event is stored count or show (lists skip the rest too). */
const shownBy = (authorId: Types.ObjectId) => ({ authorId, status: 'visible' as const, seq: { $ne: null } });

/** A profile by username, matched as accounts match names (without regard to case). */
export async function profileByName(ctx: AppContext, username: string): Promise<Profile> {
  const { User, Comment } = ctx.models;
  const user = await User.findOne({ usernameKey: usernameKey(username) }).lean();
  if (!user) throw errors.notFound('No such user.');
  const commentCount = await Comment.countDocuments(shownBy(user._id));
  return { ...toUserRef(user), createdAt: user.createdAt.toISOString(), commentCount };
}

export interface ArticleBrief {
  id: string;
  slug: string;
  title: string;
  url: string | null;
}
export type ProfileComment = PublicComment & { article: ArticleBrief };

/** A user's visible comments, newest first, each with the article it belongs to. */
export async function userComments(ctx: AppContext, id: string, opts: { limit: number; cursor?: string }) {
  const { User, Comment, Article } = ctx.models;
  const user = await User.findById(pathId(id, 'user'), { username: 1, displayName: 1 }).lean();
  if (!user) throw errors.notFound('No such user.');
  const docs = await Comment.find({ ...shownBy(user._id), ...olderThanCursor('createdAt', opts.cursor) })
    .sort({ createdAt: -1, _id: -1 })
    .limit(opts.limit + 1)
    .lean<StoredComment[]>();
  const { page, nextCursor } = newestFirstPage(docs, opts.limit, (c) => c.createdAt);
  const articleIds = [...new Set(page.map((c) => String(c.articleId)))];
  const articles = await Article.find({ _id: { $in: articleIds } }, { slug: 1, title: 1, url: 1 }).lean();
  const brief = (a: (typeof articles)[number]): ArticleBrief => ({
    id: String(a._id),
    slug: a.slug,
    title: a.title,
    url: a.url ?? null,
  });
  const articleById = new Map(articles.map((a) => [String(a._id), brief(a)]));
  const views = await viewComments(ctx.models, page, { moderator: false, knownUsers: [user] });
  const items: ProfileComment[] = views.map((c) => ({ ...c, article: articleById.get(c.articleId)! }));
  return { items, nextCursor };
}
