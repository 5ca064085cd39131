import type { Types } from 'mongoose';
import type { Actor, AppContext } from '../app-context';
import { queueReplyMail } from '../mail/reply-mail';
import { notifyOfComment, type NotifiedComment } from './after-comment';
import { inBackground } from './deliver';

/** What telling of a comment needs of it (a stored comment has all of it). */
export interface ToldComment extends NotifiedComment {
  /** The reply's plain text, for its mail. */
  excerpt: string;
  /** Set from its insert while the comment may still have someone to tell (see `mayTell`). */
  notifyPending?: boolean | null;
}

/** Whether a new comment may tell anyone: a reply, or one that may mention (the cheap test). */
export const mayTell = (c: { parentId: Types.ObjectId | null; body: string }): boolean =>
  c.parentId !== null || c.body.includes('@');

/**
 * Tells of a visible comment (a post's, or an approval's): the replied-to author and those it mentions
 * are notified, the replied-to author mailed; then the comment's `notifyPending` mark goes. At least once:
 * a process that dies first leaves the mark to the repair job (repair-told.ts), and telling again makes
 * nothing twice (notifications and mail are made once per comment: their onceKey).
 */
export async function tellOfComment(
  ctx: AppContext,
  author: Pick<Actor, 'id' | 'displayName'>,
  comment: ToldComment,
): Promise<void> {
  if (comment.status === 'visible') {
    await Promise.all([notifyOfComment(ctx, author, comment), queueReplyMail(ctx, author, comment)]);
  }
  if (comment.notifyPending) {
    await ctx.models.Comment.updateOne({ _id: comment._id }, { $unset: { notifyPending: 1 } });
  }
}

/** `tellOfComment` off the caller's answer path: a failure is logged, and the mark left to the repair. */
export function tellInBackground(ctx: AppContext, author: Pick<Actor, 'id' | 'displayName'>, comment: ToldComment) {
  void inBackground(ctx, 'a new comment', () => tellOfComment(ctx, author, comment));
}
