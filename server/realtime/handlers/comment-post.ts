import type { Ack, PublicComment } from '../../../shared/events';
import { postCommentPayload } from '../../../shared/schemas';
import { postComment } from '../../comments/post-comment';
import { oneWithReacted } from '../../comments/viewer-reactions';
import { parseInput } from '../../lib/parse-input';
import { liveActor, withAck } from '../ack';
import type { RealtimeContext } from '../context';
import type { RealtimeSocket } from '../types';

/** `comment:post`: the same use-case as `POST /api/articles/:id/comments`; its event goes out through the broadcaster. */
export function onCommentPost(live: RealtimeContext) {
  const { ctx, presence, metrics, gate } = live;
  const post = withAck(live, 'comment:post', async (socket, payload): Promise<{ comment: PublicComment }> => {
    const actor = await liveActor(socket, ctx);
    const { articleId, ...input } = parseInput(postCommentPayload, payload);
    const { comment } = await postComment(ctx, actor, { ...input, articleId, from: gate.addressOf(socket) });
    // Whoever just posted is no longer typing.
    presence.stoppedTyping(articleId, String(actor.id));
    return { comment: await oneWithReacted(ctx.models, actor.id, comment) };
  });
  return (socket: RealtimeSocket, payload: unknown, ack?: unknown) => {
    const started = process.hrtime.bigint();
    post(socket, payload, (answer: Ack<{ comment: PublicComment }>) => {
      metrics.commentPostAcked(Number(process.hrtime.bigint() - started) / 1e9);
      if (typeof ack === 'function') (ack as (a: typeof answer) => void)(answer);
    });
  };
}
