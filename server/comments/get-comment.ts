import { errors } from '../../shared/errors';
import type { PublicComment } from '../../shared/types';
import { hasRole, type Actor, type AppContext } from '../app-context';
import { viewComments } from './comment-view';
import { pathId } from '../lib/ids';
import { commentIfCreated } from './load-comment';
import type { StoredComment } from './comment-store';
import { oneWithReacted } from './viewer-reactions';

/**
 * One comment as its reader sees it: a moderator's view for moderators, `reacted` for a signed-in reader.
 * A held or rejected comment (pre-moderation) exists only for its author and the moderators.
 */
export async function getComment(ctx: AppContext, reader: Actor | undefined, id: string): Promise<PublicComment> {
  const moderator = !!reader && hasRole(reader, 'moderator');
  const found = await ctx.models.Comment.findById(pathId(id, 'comment')).lean<StoredComment>();
  const held = found?.status === 'pending' || found?.status === 'rejected';
  const mayRead = !held || moderator || (!!reader && found.authorId.equals(reader.id));
  const comment = found && mayRead ? (held ? found : await commentIfCreated(ctx, found)) : null;
  if (!comment) throw errors.notFound('No such comment.');
  const [view] = await viewComments(ctx.models, [comment], { moderator, viewerId: reader?.id });
  return oneWithReacted(ctx.models, reader?.id, view!);
}
