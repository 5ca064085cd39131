import type { Types } from 'mongoose';
import { usernameKey } from '../../shared/text';
import type { Actor, AppContext } from '../app-context';
import { deliver, type NotificationDraft } from './deliver';

/** How many of a comment's mentions are told (the contract's cap); all of them still render as links. */
export const MENTION_CAP = 10;

/** What a new comment's notifications need of it (a stored comment has all of it). */
export interface NotifiedComment {
  _id: Types.ObjectId;
  articleId: Types.ObjectId;
  parentId: Types.ObjectId | null;
  body: string;
  status: string;
}

/**
 * After a visible comment's creation is committed (its event stored), or a held comment's approval (then
 * with its author as `author`): the author of the comment it replies to hears of the reply, and each
 * account among the first MENTION_CAP names it mentions hears of the mention. Nobody hears of their own
 * comment; a user both replied to and mentioned hears once, of the reply; nobody twice when asked again
 * (onceKey). Run through tell-comment.ts, which tells of visible comments only, after the answer.
 */
export async function notifyOfComment(
  ctx: AppContext,
  author: Pick<Actor, 'id' | 'displayName'>,
  comment: NotifiedComment,
): Promise<void> {
  const drafts: NotificationDraft[] = [];
  const about = { commentId: comment._id, articleId: comment.articleId, actorId: author.id };
  const onceKey = `comment:${String(comment._id)}`;
  const told = new Set([String(author.id)]);
  const parentAuthor = await parentAuthorOf(ctx, comment.parentId);
  if (parentAuthor && !told.has(String(parentAuthor))) {
    told.add(String(parentAuthor));
    const message = `${author.displayName} replied to your comment.`;
    drafts.push({ ...about, userId: parentAuthor, type: 'reply', message, onceKey });
  }
  for (const userId of await mentionedUsers(ctx, comment.body)) {
    if (told.has(String(userId))) continue;
    told.add(String(userId));
    const message = `${author.displayName} mentioned you.`;
    drafts.push({ ...about, userId, type: 'mention', message, onceKey });
  }
  await deliver(ctx, drafts);
}

async function parentAuthorOf(ctx: AppContext, parentId: Types.ObjectId | null): Promise<Types.ObjectId | null> {
  if (!parentId) return null;
  const parent = await ctx.models.Comment.findById(parentId, { authorId: 1 }).lean();
  return parent?.authorId ?? null;
}

/** The accounts of the first MENTION_CAP names mentioned; names of no account are passed over. */
async function mentionedUsers(ctx: AppContext, body: string): Promise<Types.ObjectId[]> {
  // Most comments mention nobody: no second parse for them.
  if (!body.includes('@')) return [];
  const keys = ctx.renderer
    .mentions(body)
    .slice(0, MENTION_CAP)
    .map((name) => usernameKey(name));
  if (keys.length === 0) return [];
  const users = await ctx.models.User.find({ usernameKey: { $in: keys } }, { usernameKey: 1 }).lean();
  const byKey = new Map(users.map((u) => [u.usernameKey, u._id]));
  return keys.map((k) => byKey.get(k)).filter((id): id is Types.ObjectId => id !== undefined);
}
