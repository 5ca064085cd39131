import { errors } from '../../shared/errors';
import type { Actor, AppContext } from '../app-context';
import { changeComment } from '../comments/change-comment';
import { viewComments, type PublicComment } from '../comments/comment-view';
import { loadComment } from '../comments/load-comment';
import type { StoredComment } from '../comments/comment-store';
import { logModeration } from '../moderation-log/log-moderation';

/** Removes a visible comment (a moderator's act); its open reports close. Used by ban too. */
export async function removeStoredComment(
  ctx: AppContext,
  actor: Actor,
  comment: StoredComment,
  reason: string | null,
): Promise<StoredComment> {
  const updated = await changeComment(ctx, comment, {
    guard: { status: 'visible' },
    set: { status: 'removed', removedReason: reason },
    type: 'comment.removed',
    countDelta: -1,
  });
  await ctx.models.Report.updateMany(
    { commentId: comment._id, status: 'open' },
    { $set: { status: 'closed', closedAt: ctx.now() } },
  );
  await logModeration(ctx, actor, 'remove', comment._id, reason);
  return updated;
}

export async function removeComment(
  ctx: AppContext,
  actor: Actor,
  id: string,
  reason: string | null,
): Promise<PublicComment> {
  const comment = await loadComment(ctx, id);
  if (comment.status === 'deleted') throw errors.forbidden('A comment deleted by its author cannot be removed.');
  const result = comment.status === 'removed' ? comment : await removeStoredComment(ctx, actor, comment, reason);
  return (await viewComments(ctx.models, [result], { moderator: true }))[0]!;
}

export async function restoreComment(ctx: AppContext, actor: Actor, id: string): Promise<PublicComment> {
  const comment = await loadComment(ctx, id);
  if (comment.status === 'deleted') throw errors.forbidden('A comment deleted by its author cannot be restored.');
  let result = comment;
  if (comment.status === 'removed') {
    result = await changeComment(ctx, comment, {
      guard: { status: 'removed' },
      set: { status: 'visible', removedReason: null },
      type: 'comment.restored',
      countDelta: 1,
    });
    await logModeration(ctx, actor, 'restore', comment._id, null);
  }
  return (await viewComments(ctx.models, [result], { moderator: true }))[0]!;
}
