import { articleRefPayload } from '../../../shared/schemas';
import { parseInput } from '../../lib/parse-input';
import { withAck } from '../ack';
import type { RealtimeContext } from '../context';
import { articleRoom } from '../rooms';
import { leaveArticle } from './article-join';

/** `article:leave`: out of the room (and the batch room); the others see one reader fewer. */
export function onArticleLeave(live: RealtimeContext) {
  const { presence } = live;
  return withAck(live, 'article:leave', async (socket, payload) => {
    const { articleId } = parseInput(articleRefPayload, payload);
    if (socket.rooms.has(articleRoom(articleId))) {
      await leaveArticle(socket, articleId);
      presence.left(articleId);
    }
    return {};
  });
}
