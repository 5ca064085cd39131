import { errors } from '../../shared/errors';
import type { PublicComment } from '../../shared/types';
import { hasRole, type Actor, type Domain } from '../domain';
import { viewComments } from './comment-view';
import { pathId, settledComment, type StoredComment } from './load';
import { oneWithReacted } from './viewer-reactions';

/**
 * One comment as its reader sees it: a moderator's view for moderators, `reacted` for a signed-in reader.
 * A held or rejected comment (pre-moderation) exists only for its author and the moderators.
 */
export async function getComment(domain: Domain, reader: Actor | undefined, id: string): Promise<PublicComment> {
  const moderator = !!reader && hasRole(reader, 'moderator');
  const found = await domain.models.Comment.findById(pathId(id, 'comment')).lean<StoredComment>();
  const held = found?.status === 'pending' || found?.status === 'rejected';
  const mayRead = !held || moderator || (!!reader && found.authorId.equals(reader.id));
  const comment = found && mayRead ? (held ? found : await settledComment(domain, found)) : null;
  if (!comment) throw errors.notFound('No such comment.');
  const [view] = await viewComments(domain.models, [comment], { moderator, viewerId: reader?.id });
  return oneWithReacted(domain.models, reader?.id, view!);
}
