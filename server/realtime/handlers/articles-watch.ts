import { watchPayload } from '../../../shared/schemas';
import { parseInput } from '../../lib/parse-input';
import { withAck } from '../ack';
import type { RealtimeContext } from '../context';
import { watchRoom } from '../rooms';

/** `articles:watch`: replaces the socket's watch list (the home page follows these articles' counts). */
export function onArticlesWatch(live: RealtimeContext) {
  return withAck(live, 'articles:watch', async (socket, payload) => {
    const { articleIds } = parseInput(watchPayload, payload);
    const wanted = new Set(articleIds.map(watchRoom));
    for (const room of [...socket.rooms]) {
      if (room.startsWith(watchRoom('')) && !wanted.has(room)) await socket.leave(room);
    }
    await socket.join([...wanted]);
    return {};
  });
}
