import type { PublicComment } from '../../shared/types';
import { hasRole, type Actor, type Domain } from '../domain';
import { viewComments } from './comment-view';
import { loadComment } from './load';
import { oneWithReacted } from './viewer-reactions';

/** One comment as its reader sees it: a moderator's view for moderators, `reacted` for a signed-in reader. */
export async function getComment(domain: Domain, reader: Actor | undefined, id: string): Promise<PublicComment> {
  const comment = await loadComment(domain, id);
  const moderator = !!reader && hasRole(reader, 'moderator');
  const [view] = await viewComments(domain.models, [comment], { moderator });
  return oneWithReacted(domain.models, reader?.id, view!);
}
