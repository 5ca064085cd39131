import type { PublicComment } from '../../shared/types';
import { hasRole, type Actor, type AppContext } from '../app-context';
import { viewComments } from './comment-view';
import { pathId } from '../lib/ids';
import type { StoredComment } from './comment-store';

/** At most this many held comments come with a thread's first page. */
export const HELD_IN_THREAD_MAX = 100;

/**
 * The held comments of a thread its reader may see (pre-moderation): their own, awaiting review, or every
 * one for a moderator; oldest first. They have no seq, so they come beside the thread's page (`held`),
 * not in it. Read through the (articleId, seq) index: only comments without a seq are looked at.
 */
export async function heldCommentsFor(ctx: AppContext, reader: Actor, articleId: string): Promise<PublicComment[]> {
  const moderator = hasRole(reader, 'moderator');
  const docs = await ctx.models.Comment.find({
    articleId: pathId(articleId, 'article'),
    seq: null,
    status: 'pending',
    ...(moderator ? {} : { authorId: reader.id }),
  })
    .sort({ createdAt: 1, _id: 1 })
    .limit(HELD_IN_THREAD_MAX)
    .lean<StoredComment[]>();
  return viewComments(ctx.models, docs, { moderator, viewerId: reader.id });
}
