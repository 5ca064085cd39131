import type { Types } from 'mongoose';
import type { Actor, AppContext } from '../app-context';
import type { Mail } from './mail-service';
import { replyMail } from './messages';

interface NewReply {
  _id: Types.ObjectId;
  articleId: Types.ObjectId;
  parentId: Types.ObjectId | null;
  /** The reply's plain text, words masked (the comment's stored excerpt). */
  excerpt: string;
}

/**
 * After a reply is stored: mails the parent comment's author, if that is someone else who asked for reply
 * mails and confirmed their address. Not awaited by the post: its errors are logged, never answered.
 */
export function queueReplyMail(ctx: AppContext, actor: Actor, reply: NewReply): void {
  const { mail } = ctx;
  const parentId = reply.parentId;
  if (!mail || !parentId) return;
  queue(ctx, mail, actor, { ...reply, parentId }).catch((err: unknown) =>
    ctx.logger.error({ err }, 'reply mail: not queued'),
  );
}

async function queue(
  ctx: AppContext,
  mail: Mail,
  actor: Actor,
  reply: NewReply & { parentId: Types.ObjectId },
): Promise<void> {
  const { Comment, User, Article } = ctx.models;
  const parent = await Comment.findById(reply.parentId, { authorId: 1 }).lean();
  if (!parent || parent.authorId.equals(actor.id)) return;
  const to = await User.findById(parent.authorId, { email: 1, emailConfirmed: 1, emailNotifications: 1 }).lean();
  if (!to?.email || !to.emailConfirmed || to.emailNotifications !== 'replies') return;
  const article = await Article.findById(reply.articleId, { slug: 1, title: 1 }).lean();
  if (!article) return;
  const message = replyMail(
    mail.links,
    { userId: String(to._id), email: to.email },
    {
      authorName: actor.displayName,
      articleTitle: article.title,
      excerpt: reply.excerpt,
      path: `/articles/${encodeURIComponent(article.slug)}?around=${String(reply._id)}`,
    },
  );
  await mail.queue.add(message);
}
