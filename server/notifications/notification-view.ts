import type { Types } from 'mongoose';
import type { Notification, NotificationComment } from '../../shared/types';
import type { AppContext } from '../app-context';
import { loadUserRefs } from '../users/user-view';
import type { StoredNotification } from './notification-model';

type Article = NotificationComment['article'];

/**
 * The contract's Notification for stored ones (in order), with the comment as it is now: its text shows
 * only while it is visible, or to its own author (a decision about your comment shows you which one).
 */
export async function viewNotifications(ctx: AppContext, stored: StoredNotification[]): Promise<Notification[]> {
  if (stored.length === 0) return [];
  const { Comment, Article, User } = ctx.models;
  const ids = (pick: (n: StoredNotification) => Types.ObjectId) => [...new Set(stored.map((n) => String(pick(n))))];
  const [comments, articles, refOf] = await Promise.all([
    Comment.find({ _id: { $in: ids((n) => n.commentId) } }, { authorId: 1, status: 1, excerpt: 1 }).lean(),
    Article.find({ _id: { $in: ids((n) => n.articleId) } }, { slug: 1, title: 1, url: 1 }).lean(),
    loadUserRefs(
      User,
      stored.map((n) => n.actorId),
    ),
  ]);
  const commentById = new Map(comments.map((c) => [String(c._id), c]));
  const articleById = new Map<string, Article>(
    articles.map((a) => [String(a._id), { id: String(a._id), slug: a.slug, title: a.title, url: a.url ?? null }]),
  );
  return stored.map((n) => {
    const c = commentById.get(String(n.commentId));
    const shown = c && (c.status === 'visible' || String(c.authorId) === String(n.userId));
    return {
      id: String(n._id),
      type: n.type,
      comment: {
        id: String(n.commentId),
        article: articleById.get(String(n.articleId)) ?? { id: String(n.articleId), slug: '', title: '', url: null },
        // A comment gone from the store (never, short of a manual delete) shows as deleted.
        status: c?.status ?? 'deleted',
        excerpt: shown ? c.excerpt : '',
      },
      actor: n.actorId ? refOf(n.actorId) : null,
      message: n.message,
      at: n.at.toISOString(),
      read: n.read,
    };
  });
}
