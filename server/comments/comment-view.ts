import type { Types } from 'mongoose';
import type { UserModel } from '../users/user-model';
import type { PublicComment } from '../../shared/types';
import { loadUserRefs, type KnownUser } from '../users/user-view';
import type { CommentModel, StoredComment } from './comment-model';

export type { PublicComment };

/** The stored fields a view needs. */
export type CommentFields = Pick<
  StoredComment,
  | '_id'
  | 'articleId'
  | 'seq'
  | 'parentId'
  | 'quoteId'
  | 'authorId'
  | 'body'
  | 'html'
  | 'excerpt'
  | 'status'
  | 'createdAt'
  | 'editedAt'
  | 'editedBy'
  | 'reactions'
  | 'replyCount'
>;

export interface ViewOptions {
  /** Moderators see the text of deleted and removed comments; everybody else sees it empty. */
  moderator: boolean;
  /** The seq to show for a comment still waiting for its creation event (its event's seq). */
  seqOf?: (c: CommentFields) => number;
  /** The signed-in reader: the author of a held or rejected comment sees its text (api.md "Pre-moderation"). */
  viewerId?: Types.ObjectId;
  /** Users the caller already has (e.g. the actor), not read again. */
  knownUsers?: KnownUser[];
}

/**
 * Turns stored comments into the contract's Comment, loading authors, editors and quoted comments in
 * one query each. Hidden text is emptied here, the one place every answer and event goes through.
 */
export async function viewComments(
  deps: { User: UserModel; Comment: CommentModel },
  comments: CommentFields[],
  opts: ViewOptions,
): Promise<PublicComment[]> {
  const quoteIds = [
    ...new Set(
      comments
        .map((c) => c.quoteId)
        .filter((x): x is Types.ObjectId => !!x)
        .map(String),
    ),
  ];
  const quoted = quoteIds.length
    ? await deps.Comment.find({ _id: { $in: quoteIds } }, { authorId: 1, status: 1, excerpt: 1 }).lean()
    : [];
  const quotedById = new Map(quoted.map((q) => [String(q._id), q]));
  const refOf = await loadUserRefs(
    deps.User,
    [...comments.flatMap((c) => [c.authorId, c.editedBy]), ...quoted.map((q) => q.authorId)],
    opts.knownUsers,
  );

  return comments.map((c) => {
    const ownHeld = (c.status === 'pending' || c.status === 'rejected') && !!opts.viewerId?.equals(c.authorId);
    const hidden = c.status !== 'visible' && !opts.moderator && !ownHeld;
    const q = c.quoteId ? quotedById.get(String(c.quoteId)) : undefined;
    return {
      id: String(c._id),
      articleId: String(c.articleId),
      seq: c.seq ?? opts.seqOf?.(c) ?? 0,
      parentId: c.parentId ? String(c.parentId) : null,
      quote: c.quoteId
        ? {
            commentId: String(c.quoteId),
            author: refOf(q?.authorId ?? c.quoteId),
            excerpt: q && q.status === 'visible' ? q.excerpt : '',
          }
        : null,
      author: refOf(c.authorId),
      body: hidden ? '' : c.body,
      html: hidden ? '' : c.html,
      status: c.status,
      createdAt: c.createdAt.toISOString(),
      editedAt: c.editedAt ? c.editedAt.toISOString() : null,
      editedBy: c.editedBy ? refOf(c.editedBy) : null,
      reactions: c.reactions ?? 0,
      replyCount: c.replyCount ?? 0,
    };
  });
}
