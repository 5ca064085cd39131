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
 * After a reply is stored (or approved): mails the parent comment's author, if that is someone else who
 * asked for reply mails and confirmed their address; once per reply, however often it is asked for.
 */
export function queueReplyMail(
  ctx: AppContext,
  actor: Pick<Actor, 'id' | 'displayName'>,
  reply: NewReply,
): Promise<void> {
  const { mail } = ctx;
  const parentId = reply.parentId;
  if (!mail || !parentId) return Promise.resolve();
  return queue(ctx, mail, actor, { ...reply, parentId });
}

async function queue(
  ctx: AppContext,
  mail: Mail,
  actor: Pick<Actor, 'id' | 'displayName'>,
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
  await mail.queue.add({ ...message, onceKey: `reply:${String(reply._id)}` });
}
