import { JOIN_MISSED_LIMIT, type JoinAnswer, type PublicEvent } from '../../../shared/events';
import { joinPayload } from '../../../shared/schemas';
import { loadArticle } from '../../comments/load';
import { listEvents } from '../../events/list-events';
import { parseInput } from '../../http/validate';
import { seesAsModerator, withAck } from '../ack';
import type { RealtimeContext } from '../context';
import { articleRoom } from '../rooms';
import type { RealtimeSocket } from '../types';

/**
 * `article:join`: into the room first, then read, so no event falls between the read and the live
 * stream (the client applies live events that overtake the answer after `missed`, dropping repeats).
 * `missed` shows removed text only to a socket whose user is a moderator now, not at its handshake.
 */
export function onArticleJoin(ctx: RealtimeContext, socket: RealtimeSocket) {
  const { domain, presence } = ctx;
  return withAck(ctx, socket, 'article:join', async (payload: unknown): Promise<JoinAnswer> => {
    const { articleId, afterSeq } = parseInput(joinPayload, payload);
    const room = articleRoom(articleId);
    const wasReader = socket.rooms.has(room);
    await socket.join(room);
    let lastSeq: number;
    let missed: PublicEvent[] = [];
    try {
      if (afterSeq === undefined) {
        lastSeq = (await loadArticle(domain, articleId)).lastSeq;
      } else {
        const moderator = await seesAsModerator(socket, domain);
        ({ items: missed, lastSeq } = await listEvents(domain, articleId, { after: afterSeq, limit: JOIN_MISSED_LIMIT, moderator }));
      }
    } catch (err) {
      // An unknown article (or a failed read) leaves the socket where it was.
      if (!wasReader) await socket.leave(room);
      throw err;
    }
    return { lastSeq, missed, presence: presence.joined(articleId, lastSeq) };
  });
}
