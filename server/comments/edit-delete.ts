import { errors } from '../../shared/errors';
import { hasRole, type Actor, type AppContext } from '../app-context';
import { logModeration } from '../moderation-log/log-moderation';
import { changeComment } from './change-comment';
import { viewComments, type PublicComment } from './comment-view';
import { loadArticle } from '../articles/load-article';
import { loadComment } from './load-comment';
import type { StoredComment } from './comment-store';

/** Authors may edit for 15 minutes after posting; moderators any time. */
export const EDIT_WINDOW_MS = 15 * 60 * 1000;

const view = async (
  ctx: AppContext,
  actor: Actor,
  c: Parameters<typeof viewComments>[1][number],
): Promise<PublicComment> => (await viewComments(ctx.models, [c], { moderator: hasRole(actor, 'moderator') }))[0]!;

export async function editComment(ctx: AppContext, actor: Actor, id: string, body: string): Promise<PublicComment> {
  const comment = await loadComment(ctx, id);
  const isAuthor = comment.authorId.equals(actor.id);
  const isModerator = hasRole(actor, 'moderator');
  if (!isAuthor && !isModerator) throw errors.forbidden('Only the author or a moderator may edit this comment.');
  if (!isModerator && ctx.now().getTime() - comment.createdAt.getTime() > EDIT_WINDOW_MS) {
    throw errors.forbidden('Comments can be edited for 15 minutes after posting.');
  }
  if (comment.status !== 'visible' && !isModerator) throw errors.forbidden('This comment can no longer be edited.');
  // A locked thread takes no edits from authors; moderation (a moderator's edit) still works on it.
  const article = await loadArticle(ctx, comment.articleId);
  if (article.locked && !isModerator) throw errors.forbidden('This thread is locked.');
  const { html, excerpt } = ctx.renderer.render(body);
  const byModerator = !isAuthor;
  const updated = await changeComment(ctx, comment, {
    guard: isModerator ? {} : { status: 'visible' },
    set: { body, html, excerpt, editedAt: ctx.now(), editedBy: byModerator ? actor.id : null },
    type: 'comment.edited',
    countDelta: 0,
  });
  if (byModerator) await logModeration(ctx, actor, 'edit', comment._id, null);
  return view(ctx, actor, updated);
}

export async function deleteComment(ctx: AppContext, actor: Actor, id: string): Promise<PublicComment> {
  const comment = await loadComment(ctx, id);
  if (!comment.authorId.equals(actor.id)) throw errors.forbidden('Only the author may delete this comment.');
  if (comment.status === 'removed') throw errors.forbidden('A removed comment cannot be deleted.');
  return view(ctx, actor, await deleteByAuthor(ctx, comment));
}

/** The author's deletion of a comment, with its event (also used when the author deletes the account). */
export async function deleteByAuthor(ctx: AppContext, comment: StoredComment): Promise<StoredComment> {
  if (comment.status !== 'visible') return comment;
  return changeComment(ctx, comment, {
    guard: { status: 'visible' },
    set: { status: 'deleted' },
    type: 'comment.deleted',
    countDelta: -1,
  });
}
