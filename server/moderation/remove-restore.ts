import { errors } from '../../shared/errors';
import type { Actor, Domain } from '../domain';
import { changeComment } from '../comments/change-comment';
import { viewComments, type PublicComment } from '../comments/comment-view';
import { loadComment, type StoredComment } from '../comments/load';
import { notifyModerationDecision } from '../notifications/moderation-decision';
import { logModeration } from './log';

/** Removes a visible comment (a moderator's act); its open reports close. Used by ban too. */
export async function removeStoredComment(
  domain: Domain,
  actor: Actor,
  comment: StoredComment,
  reason: string | null,
): Promise<StoredComment> {
  const updated = await changeComment(domain, comment, {
    guard: { status: 'visible' },
    set: { status: 'removed', removedReason: reason },
    type: 'comment.removed',
    countDelta: -1,
  });
  await domain.models.Report.updateMany(
    { commentId: comment._id, status: 'open' },
    { $set: { status: 'closed', closedAt: domain.now() } },
  );
  await logModeration(domain, actor, 'remove', comment._id, reason);
  return updated;
}

export async function removeComment(
  domain: Domain,
  actor: Actor,
  id: string,
  reason: string | null,
): Promise<PublicComment> {
  const comment = await loadComment(domain, id);
  if (comment.status === 'deleted') throw errors.forbidden('A comment deleted by its author cannot be removed.');
  const result = comment.status === 'removed' ? comment : await removeStoredComment(domain, actor, comment, reason);
  if (result !== comment) void notifyModerationDecision(domain, { comment, actor, action: 'removed', reason });
  return (await viewComments(domain.models, [result], { moderator: true }))[0]!;
}

export async function restoreComment(domain: Domain, actor: Actor, id: string): Promise<PublicComment> {
  const comment = await loadComment(domain, id);
  if (comment.status === 'deleted') throw errors.forbidden('A comment deleted by its author cannot be restored.');
  let result = comment;
  if (comment.status === 'removed') {
    result = await changeComment(domain, comment, {
      guard: { status: 'removed' },
      set: { status: 'visible', removedReason: null },
      type: 'comment.restored',
      countDelta: 1,
    });
    await logModeration(domain, actor, 'restore', comment._id, null);
  }
  return (await viewComments(domain.models, [result], { moderator: true }))[0]!;
}
