import type { PublicComment } from '../../shared/types';
import { hasRole, type Actor, type AppContext } from '../app-context';
import { viewComments } from './comment-view';
import { loadComment } from './load-comment';
import { oneWithReacted } from './viewer-reactions';

/** One comment as its reader sees it: a moderator's view for moderators, `reacted` for a signed-in reader. */
export async function getComment(ctx: AppContext, reader: Actor | undefined, id: string): Promise<PublicComment> {
  const comment = await loadComment(ctx, id);
  const moderator = !!reader && hasRole(reader, 'moderator');
  const [view] = await viewComments(ctx.models, [comment], { moderator });
  return oneWithReacted(ctx.models, reader?.id, view!);
}
