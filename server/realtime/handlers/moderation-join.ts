import { errors } from '../../../shared/errors';
import type { QueueCounts } from '../../../shared/events';
import { queueCounts } from '../../moderation/queue';
import { seesAsModerator, socketActor, withAck } from '../ack';
import type { RealtimeContext } from '../context';
import { MODERATION_ROOM } from '../rooms';
import type { RealtimeSocket } from '../types';

/**
 * `moderation:join`: a moderator's socket joins the live queue (every instance's `moderation:item` and
 * `moderation:decided` through the adapter). The role is read again, not taken from the handshake. The
 * socket joins before the counts are read, so nothing falls between the two.
 */
export function onModerationJoin(live: RealtimeContext, socket: RealtimeSocket) {
  const { ctx } = live;
  return withAck(live, socket, 'moderation:join', async (): Promise<{ counts: QueueCounts }> => {
    socketActor(socket);
    if (!(await seesAsModerator(socket, ctx))) throw errors.forbidden('This needs the moderator role.');
    await socket.join(MODERATION_ROOM);
    return { counts: await queueCounts(ctx) };
  });
}
