import { errors } from '../../../shared/errors';
import type { QueueCounts } from '../../../shared/events';
import { queueCounts } from '../../moderation/queue';
import { seesAsModerator, socketActor, withAck } from '../ack';
import type { RealtimeContext } from '../context';
import { MODERATION_ROOM, moderatorRoom } from '../rooms';

/**
 * `moderation:join`: a moderator's socket joins the live queue (every instance's `moderation:item` and
 * `moderation:decided` through the adapter). The role is read again, not taken from the handshake. The
 * socket joins before the counts are read, so nothing falls between the two. A demotion takes the user's
 * sockets out again (users/roles.ts publishes it).
 */
export function onModerationJoin(live: RealtimeContext) {
  const { ctx } = live;
  return withAck(live, 'moderation:join', async (socket): Promise<{ counts: QueueCounts }> => {
    const actor = socketActor(socket);
    if (!(await seesAsModerator(socket, ctx))) throw errors.forbidden('This needs the moderator role.');
    await socket.join([MODERATION_ROOM, moderatorRoom(String(actor.id))]);
    return { counts: await queueCounts(ctx) };
  });
}
