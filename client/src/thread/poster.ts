// Sends a comment over the socket with a clientId and keeps trying across dropped connections: the
// server answers a repeated clientId with the first comment, so a retry never doubles it. Only an
// answer from the server (a comment, or an error such as a rate limit) ends the attempt.
import type { PostCommentPayload } from '../../../shared/events';
import type { PublicComment } from '../../../shared/types';
import { apiErrorOf } from '../lib/api';
import { type AppSocket, whenConnected } from '../lib/socket';

/** How long to wait for an acknowledgement before trying again on the same (or a new) connection. */
const ACK_TIMEOUT_MS = 10_000;

class Retry extends Error {}

function sendOnce(socket: AppSocket, payload: PostCommentPayload): Promise<PublicComment> {
  return new Promise((resolve, reject) => {
    const onDisconnect = () => reject(new Retry('disconnected'));
    socket.once('disconnect', onDisconnect);
    socket.timeout(ACK_TIMEOUT_MS).emit('comment:post', payload, (timeout, answer) => {
      socket.off('disconnect', onDisconnect);
      if (timeout) reject(new Retry('no answer'));
      else if (answer.ok) resolve(answer.comment);
      // A backing service down for a moment: nothing was written, so the same clientId is safe to resend.
      else if (answer.error.code === 'unavailable' || answer.error.code === 'internal')
        reject(new Retry(answer.error.message));
      else reject(apiErrorOf(answer.error));
    });
  });
}

export function newClientId(): string {
  return crypto.randomUUID();
}

/**
 * Posts until the server answers. `onWaiting` tells the page that the comment waits for a connection.
 * Rejects with an ApiError (rate limit, locked thread, too long…) that the form shows.
 */
export async function postComment(
  socket: AppSocket,
  payload: PostCommentPayload & { clientId: string },
  onWaiting: (waiting: boolean) => void,
): Promise<PublicComment> {
  for (let attempt = 0; ; attempt++) {
    if (!socket.connected) onWaiting(true);
    await whenConnected();
    onWaiting(false);
    try {
      return await sendOnce(socket, payload);
    } catch (err) {
      if (!(err instanceof Retry)) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** attempt, 5000)));
    }
  }
}
