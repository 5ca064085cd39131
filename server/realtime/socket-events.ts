import type { RealtimeContext } from './context';
import { onArticleJoin } from './handlers/article-join';
import { onArticleLeave } from './handlers/article-leave';
import { onArticlesWatch } from './handlers/articles-watch';
import { onCommentPost } from './handlers/comment-post';
import { onModerationJoin } from './handlers/moderation-join';
import { onTyping } from './handlers/typing';
import { articleOfRoom } from './rooms';
import type { RealtimeSocket } from './types';

type SocketHandler = (socket: RealtimeSocket, payload: unknown, ack?: unknown) => void;

/**
 * What a socket listens to, made once per server and shared by every socket: Socket.IO calls its
 * listeners with the socket as `this`, so a connection adds three references to shared functions rather
 * than a closure (and its context) per event and socket, which an idle reader would otherwise keep for
 * nothing (issue 19). Every packet is counted by the gate before its handler runs, unknown events too.
 */
export function socketEvents(live: RealtimeContext): (socket: RealtimeSocket) => void {
  const { gate, logger, presence } = live;
  const handlers = new Map<string, SocketHandler>([
    ['article:join', onArticleJoin(live)],
    ['article:leave', onArticleLeave(live)],
    ['articles:watch', onArticlesWatch(live)],
    ['comment:post', onCommentPost(live)],
    ['typing', onTyping(live)],
    ['moderation:join', onModerationJoin(live)],
  ]);

  // onAny listeners get every event packet (the acknowledgement, when asked for, as the last argument).
  function dispatch(this: RealtimeSocket, event: string, payload?: unknown, ack?: unknown): void {
    if (!gate.packet(this)) {
      if (this.connected) {
        logger.debug({ socketId: this.id }, 'socket disconnected for flooding');
        this.disconnect(true);
      }
      return;
    }
    handlers.get(event)?.(this, payload, ack);
  }

  // A protocol violation (a binary packet, a malformed one) closes the connection; it is the client's fault.
  function onError(err: Error): void {
    logger.debug({ err: err.message }, 'socket closed for a protocol violation');
  }

  // The rooms are still known while disconnecting; presence is told once the socket is out of them.
  function onDisconnecting(this: RealtimeSocket): void {
    const articles = [...this.rooms].map(articleOfRoom).filter((id): id is string => id !== undefined);
    if (articles.length > 0) this.once('disconnect', () => articles.forEach((id) => presence.left(id)));
  }

  return (socket) => {
    socket.onAny(dispatch);
    // onAny pushes onto a new empty array, which V8 then sizes for 17 listeners: 136 bytes per socket more
    // than this array of one.
    const any = socket as unknown as { _anyListeners?: unknown[] };
    if (any._anyListeners?.length === 1) any._anyListeners = [dispatch];
    socket.on('error', onError);
    socket.on('disconnecting', onDisconnecting);
  };
}
