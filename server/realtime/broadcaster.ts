import type { Presence, PublicEvent } from '../../shared/events';
import type { PublicComment } from '../../shared/types';
import type { AppContext } from '../app-context';
import type { StoredEvent } from '../events/event-log';
import type { ModerationNotice, NotificationPublisher } from '../events/publisher';
import { toPublicEvent, viewEvents } from '../comments/event-view';
import { KeyedQueue } from '../events/keyed-queue';
import type { Logger } from '../logger';
import type { RealtimeCounters } from '../metrics';
import { createEventBatcher } from './batcher';
import { createKeyedThrottle } from './keyed-throttle';
import { articleRoom, batchRoom, MODERATION_ROOM, moderatorRoom, userRoom, watchRoom } from './rooms';
import type { RealtimeServer } from './types';

/** Watchers hear an article's count at most this often. */
const COUNT_INTERVAL_MS = 1000;
/** An article's readers hear a comment's reaction count at most this often. */
const REACTIONS_INTERVAL_MS = 1000;

export interface Broadcaster {
  /** Attached to the instance's publisher (`event`): called once per stored event, after it is in MongoDB. */
  broadcastArticleEvent(event: StoredEvent, comment?: PublicComment): void;
  broadcastPresence(presence: Presence): void;
  /** Attached to the instance's publisher (`reactions`): coalesced per comment, the count read when it goes out. */
  broadcastReactions(change: { articleId: string; commentId: string }): void;
  /** Attached to the instance's publisher (`moderation`): to the moderators' queue on every instance. */
  broadcastModeration(notice: ModerationNotice): void;
  /** Attached to the instance's publisher (`notification`): to the recipient's room, on every instance. */
  broadcastNotification: NotificationPublisher;
  /** Called after each event went out (presence keeps the article's lastSeq from it). */
  onBroadcast(listener: (event: PublicEvent) => void): void;
  close(): void;
}

/**
 * The only place that emits to rooms. Each stored event becomes one public view (as an anonymous reader
 * sees it: removed and deleted comments without body or html), and every instance sends it to its own
 * readers of the article: this instance takes its own events directly, the others get each as the
 * inter-server `article:feed` (serverSideEmit over Redis: one publish per event, and one message for each
 * other instance to decode), in the order they were published. Plain readers get `article:event` (one emit
 * to the local room, encoded once); batched readers (`article:join { batch: true }`) get `article:events`,
 * gathered per article and emitted once per batch: one packet encoded once per batch and instance, however
 * many readers, with no timer per socket. Delivering where the sockets are, not where the event was
 * written, puts the events of writers on several instances into one stream in seq order per article, and
 * needs nothing of the adapter (classic, sharded, or none without Redis). An instance that misses a feed
 * (Redis away) misses those events: its readers repair from the next event's jump or presence.lastSeq.
 */
export function createBroadcaster(deps: {
  io: RealtimeServer;
  ctx: AppContext;
  logger: Logger;
  metrics: RealtimeCounters;
  /** With the Redis adapter: other instances to feed. */
  clustered?: boolean;
}): Broadcaster {
  const { io, ctx, logger, metrics } = deps;
  // Views of one article are made one after another, so they go out in the order they were published.
  const queue = new KeyedQueue();
  const listeners: ((event: PublicEvent) => void)[] = [];
  const latestCount = new Map<string, number>();
  const countThrottle = createKeyedThrottle(COUNT_INTERVAL_MS, (articleId) => {
    const commentCount = latestCount.get(articleId);
    latestCount.delete(articleId);
    if (commentCount !== undefined) io.to(watchRoom(articleId)).emit('article:count', { articleId, commentCount });
  });
  /** Sockets of this instance in a room (the adapter's rooms are this instance's, also with Redis). */
  const localSize = (room: string) => io.of('/').adapter.rooms.get(room)?.size ?? 0;
  const batcher = createEventBatcher((articleId, events) => {
    metrics.eventDelivered(localSize(batchRoom(articleId)) * events.length);
    io.local.to(batchRoom(articleId)).emit('article:events', { articleId, events });
  });
  /**
   * Every instance meets every event here once (its own directly, the others' as `article:feed`), so this
   * is where it counts what its own sockets are sent: the plain readers now, the batched ones per batch.
   * Counted from the rooms, not with a hook on each socket's outgoing packets: nothing kept per socket.
   */
  const deliverHere = (event: PublicEvent) => {
    const batched = localSize(batchRoom(event.articleId));
    io.local.to(articleRoom(event.articleId)).except(batchRoom(event.articleId)).emit('article:event', event);
    metrics.eventDelivered(localSize(articleRoom(event.articleId)) - batched);
    // Nobody here reads the article batched: nothing to gather.
    if (batched) batcher.add(event);
  };
  io.on('article:feed', deliverHere);

  const articleOfComment = new Map<string, string>();
  // The count is read when the throttle fires rather than carried from the write: writes on this and other
  // instances finish in any order, and the last emit of a burst must carry the count as it ended.
  const emitReactions = async (commentId: string, articleId: string) => {
    const found = await ctx.models.Comment.findById(commentId, { reactions: 1 }).lean();
    if (!found) return;
    io.to(articleRoom(articleId)).emit('comment:reactions', { articleId, commentId, reactions: found.reactions ?? 0 });
  };
  const reactionsThrottle = createKeyedThrottle(REACTIONS_INTERVAL_MS, (commentId) => {
    const articleId = articleOfComment.get(commentId);
    articleOfComment.delete(commentId);
    if (articleId === undefined) return;
    emitReactions(commentId, articleId).catch((err: unknown) => {
      logger.warn({ err, commentId }, 'could not send a reaction count');
    });
  });

  const emitEvent = async (stored: StoredEvent, comment: PublicComment | undefined) => {
    // In a later turn: the writer answers first (an emit to a few thousand sockets holds the loop for
    // milliseconds, which its author should not wait for).
    await new Promise((resolve) => setImmediate(resolve));
    // The writer's view when it gave one; otherwise (the repair job, a retry) the comment is read now.
    const [event] =
      comment || !stored.commentId
        ? [toPublicEvent(stored, comment)]
        : await viewEvents(ctx.models, [stored], { moderator: false });
    if (deps.clustered) feedOthers(event!);
    deliverHere(event!);
    metrics.eventBroadcast();
    latestCount.set(event!.articleId, event!.commentCount);
    countThrottle.request(event!.articleId);
    for (const listener of listeners) listener(event!);
  };

  const feedOthers = (event: PublicEvent) => {
    try {
      io.serverSideEmit('article:feed', event);
    } catch (err) {
      logger.warn({ err, articleId: event.articleId, seq: event.seq }, 'could not feed the other instances an event');
    }
  };

  return {
    broadcastArticleEvent(stored, comment) {
      queue
        .run(String(stored.articleId), () => emitEvent(stored, comment))
        .catch((err: unknown) => {
          // A lost broadcast is repaired by the clients from /events (presence.lastSeq tells them).
          logger.warn({ err, articleId: String(stored.articleId), seq: stored.seq }, 'could not broadcast an event');
        });
    },
    broadcastPresence(presence) {
      // Every instance tells its own readers (with the readers of all instances counted in).
      io.local.to(articleRoom(presence.articleId)).emit('presence', presence);
    },
    broadcastReactions({ articleId, commentId }) {
      articleOfComment.set(commentId, articleId);
      reactionsThrottle.request(commentId);
    },
    broadcastModeration(notice) {
      if ('item' in notice) io.to(MODERATION_ROOM).emit('moderation:item', notice.item);
      else if ('decided' in notice) io.to(MODERATION_ROOM).emit('moderation:decided', notice.decided);
      else io.in(moderatorRoom(notice.demoted)).socketsLeave([MODERATION_ROOM, moderatorRoom(notice.demoted)]);
    },
    broadcastNotification({ userId, notification, unread }) {
      io.to(userRoom(userId)).emit('notification', { notification, unread });
    },
    onBroadcast(listener) {
      listeners.push(listener);
    },
    close() {
      countThrottle.close();
      batcher.close();
      reactionsThrottle.close();
    },
  };
}
