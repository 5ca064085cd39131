import type { Actor, AppContext } from '../app-context';
import { errors } from '../../shared/errors';
import { toPublicUser } from './user-view';

/**
 * The account's own data, for the person it belongs to: the account, every comment they wrote (their own
 * text, whatever its status) with its article's id, and the reports they made. Never a password hash or a
 * session token.
 */
export async function exportAccount(ctx: AppContext, actor: Actor) {
  const { User, Comment, Report } = ctx.models;
  const user = await User.findById(actor.id).lean();
  if (!user) throw errors.unauthenticated();
  const comments = await Comment.find({ authorId: user._id }).sort({ createdAt: 1, _id: 1 }).lean();
  const reports = await Report.find({ by: user._id }).sort({ at: 1, _id: 1 }).lean();
  return {
    exportedAt: ctx.now().toISOString(),
    user: { ...toPublicUser(user), signsInWith: user.passwordHash ? 'password' : user.sso ? 'sso' : 'none' },
    comments: comments.map((c) => ({
      id: String(c._id),
      articleId: String(c.articleId),
      parentId: c.parentId ? String(c.parentId) : null,
      body: c.body,
      status: c.status,
      createdAt: c.createdAt.toISOString(),
      editedAt: c.editedAt ? c.editedAt.toISOString() : null,
    })),
    reports: reports.map((r) => ({
      commentId: String(r.commentId),
      reason: r.reason,
      status: r.status,
      at: r.at.toISOString(),
    })),
  };
}
