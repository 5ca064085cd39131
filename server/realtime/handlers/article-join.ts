import { JOIN_MISSED_LIMIT, type JoinAnswer, type PublicEvent } from '../../../shared/events';
import { joinPayload } from '../../../shared/schemas';
import { loadArticle } from '../../articles/load-article';
import { listEvents } from '../../comments/list-events';
import { parseInput } from '../../lib/parse-input';
import { seesAsModerator, withAck } from '../ack';
import type { RealtimeContext } from '../context';
import { articleRoom, batchRoom } from '../rooms';
import type { RealtimeSocket } from '../types';

/**
 * `article:join`: into the room first, then read, so no event falls between the read and the live
 * stream (the client applies live events that overtake the answer after `missed`, dropping repeats).
 * `missed` shows removed text only to a socket whose user is a moderator now, not at its handshake.
 * `batch` puts the socket in the article's batch room as well (or takes it out): joining again switches
 * the mode. What a switch lets fall between the two streams is stored before the read, so `missed` (or
 * `lastSeq`) covers it; what comes twice the client drops as a repeat.
 */
export function onArticleJoin(live: RealtimeContext) {
  const { ctx, presence } = live;
  return withAck(live, 'article:join', async (socket, payload): Promise<JoinAnswer> => {
    const { articleId, afterSeq, batch = false } = parseInput(joinPayload, payload);
    const room = articleRoom(articleId);
    const wasReader = socket.rooms.has(room);
    const wasBatched = socket.rooms.has(batchRoom(articleId));
    await setMode(socket, articleId, batch);
    let lastSeq: number;
    let missed: PublicEvent[] = [];
    try {
      if (afterSeq === undefined) {
        lastSeq = (await loadArticle(ctx, articleId)).lastSeq;
      } else {
        const moderator = await seesAsModerator(socket, ctx);
        ({ items: missed, lastSeq } = await listEvents(ctx, articleId, {
          after: afterSeq,
          limit: JOIN_MISSED_LIMIT,
          moderator,
        }));
      }
    } catch (err) {
      // An unknown article (or a failed read) leaves the socket where it was.
      if (!wasReader) await leaveArticle(socket, articleId);
      else if (batch !== wasBatched) await setMode(socket, articleId, wasBatched);
      throw err;
    }
    return { lastSeq, missed, presence: presence.joined(articleId, lastSeq) };
  });
}

/** Into the article's room, and into or out of its batch room. */
async function setMode(socket: RealtimeSocket, articleId: string, batch: boolean): Promise<void> {
  if (batch) await socket.join([articleRoom(articleId), batchRoom(articleId)]);
  else {
    await socket.join(articleRoom(articleId));
    await socket.leave(batchRoom(articleId));
  }
}

/** Out of the article's room and its batch room. */
export async function leaveArticle(socket: RealtimeSocket, articleId: string): Promise<void> {
  await socket.leave(articleRoom(articleId));
  await socket.leave(batchRoom(articleId));
}
