import type { Types } from 'mongoose';
import type { PublicComment, PublicEvent } from '../../shared/types';
import { type CommentFields, viewComments } from './comment-view';
import type { CommentModel } from './comment-model';
import { HEAVY_READ_MAX_TIME_MS } from '../limits/heavy-reads';
import type { UserModel } from '../users/user-model';
import type { StoredEvent } from '../events/event-log';

export type { PublicEvent };

/**
 * Events as the contract shows them: each with its comment's *current* public state, read now, so a
 * replay never shows text that has since been removed or deleted. One query for all the comments.
 */
export async function viewEvents(
  deps: { User: UserModel; Comment: CommentModel },
  events: StoredEvent[],
  opts: { moderator: boolean },
): Promise<PublicEvent[]> {
  const ids = [
    ...new Set(
      events
        .map((e) => e.commentId)
        .filter((x): x is Types.ObjectId => !!x)
        .map(String),
    ),
  ];
  const comments = ids.length
    ? await deps.Comment.find({ _id: { $in: ids } })
        .maxTimeMS(HEAVY_READ_MAX_TIME_MS)
        .lean<CommentFields[]>()
    : [];
  // A comment whose creation event is stored but whose seq is not yet written shows that event's seq.
  const createdSeq = new Map(
    events.filter((e) => e.type === 'comment.created').map((e) => [String(e.commentId), e.seq]),
  );
  const views = await viewComments(deps, comments, { ...opts, seqOf: (c) => createdSeq.get(String(c._id)) ?? 0 });
  const byId = new Map(views.map((v) => [v.id, v]));
  return events.map((e) => toPublicEvent(e, e.commentId ? byId.get(String(e.commentId)) : undefined));
}

/** The contract's Event from a stored one and the view of its comment (if it has one). */
export function toPublicEvent(e: StoredEvent, comment: PublicComment | undefined): PublicEvent {
  return {
    articleId: String(e.articleId),
    seq: e.seq,
    type: e.type,
    at: e.at.toISOString(),
    commentCount: e.commentCount,
    ...(comment ? { comment } : {}),
  };
}
