import { articleRefPayload } from '../../../shared/schemas';
import { parseInput } from '../../http/validate';
import { withAck } from '../ack';
import type { RealtimeContext } from '../context';
import { articleRoom } from '../rooms';
import type { RealtimeSocket } from '../types';

/** `article:leave`: out of the room; the others see one reader fewer. */
export function onArticleLeave(ctx: RealtimeContext, socket: RealtimeSocket) {
  const { presence } = ctx;
  return withAck(ctx, socket, 'article:leave', async (payload: unknown) => {
    const { articleId } = parseInput(articleRefPayload, payload);
    const room = articleRoom(articleId);
    if (socket.rooms.has(room)) {
      await socket.leave(room);
      presence.left(articleId);
    }
    return {};
  });
}
