import { AppError } from '../../../shared/errors';
import { articleRefPayload } from '../../../shared/schemas';
import { parseInput } from '../../lib/parse-input';
import type { RealtimeContext } from '../context';
import { articleRoom } from '../rooms';
import type { RealtimeSocket } from '../types';

/**
 * `typing` (no acknowledgement): marks a signed-in reader of the article as typing for a few seconds,
 * counted at most once per user and article every 2 s. Everything unwanted (anonymous, not a reader,
 * a bad payload, the rate limits) is dropped silently: typing is a hint, not a request. The cheap checks
 * come first and synchronously, so a flood of typing costs little more than reading it.
 */
export function onTyping({ ctx, logger, presence, gate }: RealtimeContext) {
  const markTyping = async (socket: RealtimeSocket, payload: unknown) => {
    const actor = socket.data.actor;
    if (!actor || !gate.allows(socket, 'typing')) return;
    const { articleId } = parseInput(articleRefPayload, payload);
    if (!socket.rooms.has(articleRoom(articleId))) return;
    await ctx.limits.consume('typing', `${String(actor.id)}:${articleId}`);
    presence.typing(articleId, { id: String(actor.id), username: actor.username, displayName: actor.displayName });
  };
  return (socket: RealtimeSocket, payload: unknown) => {
    markTyping(socket, payload).catch((err: unknown) => {
      if (!(err instanceof AppError)) logger.warn({ err, event: 'typing' }, 'socket handler failed');
    });
  };
}
