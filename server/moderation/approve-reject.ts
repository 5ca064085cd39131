import type { DecidedAction, UserRef } from '../../shared/events';
import { errors } from '../../shared/errors';
import type { Actor, AppContext } from '../app-context';
import { viewComments, type PublicComment } from '../comments/comment-view';
import { pathId } from '../lib/ids';
import type { StoredComment } from '../comments/comment-store';
import { storeChangeEvent } from '../comments/change-events';
import { newPendingOp } from '../events/pending-op';
import { logModeration } from '../moderation-log/log-moderation';
import { toUserRef } from '../users/user-view';
import { tellInBackground } from '../notifications/tell-comment';
import { notifyModerationDecision } from '../notifications/moderation-decision';
import { publishDecided } from './notices';

/** A moderator's decision on a held comment: what the answer, the log and (later) a notification need. */
export interface Decision {
  /** As the deciding moderator sees it. */
  comment: PublicComment;
  /** The author, to be told of the decision. */
  authorId: string;
  action: Extract<DecidedAction, 'approve' | 'reject'>;
  reason: string | null;
  by: UserRef;
}

/**
 * Publishes a held comment: its `comment.created` event is stored now, so it takes its place in seq order
 * at approval. The decision is one conditional write (status `pending` → `visible`, with the pending
 * creation beside it, the creation path's crash-safe mark): of an approve and a reject racing on two
 * instances one wins, and only the winner logs. A process that dies after the write leaves the mark, and
 * the repair job stores the event once (events/repair.ts).
 */
export async function approveComment(ctx: AppContext, actor: Actor, id: string): Promise<Decision> {
  const at = ctx.now();
  const op = newPendingOp('comment.created', 1, at);
  const decided = await decide(ctx, id, { status: 'visible', pendingOp: op, decidedBy: actor.id, decidedAt: at });
  await logModeration(ctx, actor, 'approve', decided._id, null, decided.authorId);
  ctx.faults('approve:before-event');
  const viewAt = async (seq: number) =>
    (await viewComments(ctx.models, [{ ...decided, seq }], { moderator: false }))[0]!;
  const { event } = await storeChangeEvent(ctx, decided, op, viewAt);
  publishDecided(ctx, actor, decided._id, 'approve');
  const result = await decision(ctx, actor, { ...decided, seq: event.seq, pendingOp: null }, 'approve', null);
  // Now published: its author hears of the approval, and whoever it replies to or mentions of the comment.
  void notifyModerationDecision(ctx, { comment: decided, actor, action: 'approved' });
  tellInBackground(ctx, { id: decided.authorId, displayName: result.comment.author.displayName }, decided);
  return result;
}

/** Refuses a held comment: nothing public is stored; the author still sees it, marked `rejected`. */
export async function rejectComment(
  ctx: AppContext,
  actor: Actor,
  id: string,
  reason: string | null,
): Promise<Decision> {
  const at = ctx.now();
  const decided = await decide(ctx, id, {
    status: 'rejected',
    decidedBy: actor.id,
    decidedAt: at,
    rejectedReason: reason,
  });
  await logModeration(ctx, actor, 'reject', decided._id, reason, decided.authorId);
  publishDecided(ctx, actor, decided._id, 'reject');
  void notifyModerationDecision(ctx, { comment: decided, actor, action: 'rejected', reason });
  return decision(ctx, actor, decided, 'reject', reason);
}

/** The one conditional write of a decision: only a comment still held changes. */
async function decide(ctx: AppContext, id: string, set: Record<string, unknown>): Promise<StoredComment> {
  const { Comment } = ctx.models;
  const _id = pathId(id, 'comment');
  const updated = await Comment.findOneAndUpdate(
    { _id, status: 'pending', pendingOp: { $exists: false } },
    { $set: set },
    { returnDocument: 'after' },
  ).lean<StoredComment>();
  if (updated) return updated;
  const current = await Comment.findById(_id, { status: 1 }).lean();
  if (!current) throw errors.notFound('No such comment.');
  throw errors.conflict(
    current.status === 'pending' ? 'The comment is changing; try again.' : 'This comment is not awaiting review.',
    { status: current.status },
  );
}

async function decision(
  ctx: AppContext,
  actor: Actor,
  comment: StoredComment,
  action: Decision['action'],
  reason: string | null,
): Promise<Decision> {
  const [view] = await viewComments(ctx.models, [comment], { moderator: true });
  const by = toUserRef({ _id: actor.id, username: actor.username, displayName: actor.displayName });
  return { comment: view!, authorId: String(comment.authorId), action, reason, by };
}
