import type { PublicComment } from '../../../shared/events';
import { postCommentPayload } from '../../../shared/schemas';
import { postComment } from '../../comments/post-comment';
import { parseInput } from '../../http/validate';
import { socketActor, withAck } from '../ack';
import type { RealtimeContext } from '../context';
import type { RealtimeSocket } from '../types';

/** `comment:post`: the same use-case as `POST /api/articles/:id/comments`; its event goes out through the broadcaster. */
export function onCommentPost({ domain, logger, presence }: RealtimeContext, socket: RealtimeSocket) {
  return withAck(logger, 'comment:post', async (payload: unknown): Promise<{ comment: PublicComment }> => {
    const actor = socketActor(socket);
    const { articleId, ...input } = parseInput(postCommentPayload, payload);
    const { comment } = await postComment(domain, actor, { ...input, articleId });
    // Whoever just posted is no longer typing.
    presence.stoppedTyping(articleId, String(actor.id));
    return { comment };
  });
}
