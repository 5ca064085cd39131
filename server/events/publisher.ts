import type { PublicComment } from '../../shared/types';
import type { StoredEvent } from './event-log';
import type { ModerationDecided, ModerationItem, NotificationNews, RevokedReason } from '../../shared/events';

/**
 * Where stored events go to be broadcast. The use-cases call it only after the event is in MongoDB;
 * the live layer (realtime/) broadcasts it. Publishing never fails a request: a lost broadcast is
 * repaired by clients from /events (the presence `lastSeq` tells them). `comment`, when the writer has
 * it, is the comment's public view as of this event (as an anonymous reader sees it), so the broadcaster
 * need not read it back.
 */
export type EventPublisher = (event: StoredEvent, comment?: PublicComment) => void;

/**
 * A comment's reaction count changed (stored already). Not an event of the seq log: the live layer sends
 * the article's readers the latest count, coalesced, and reads it itself when it sends.
 */
export type ReactionsPublisher = (change: { articleId: string; commentId: string }) => void;

/** Told to the live layer so it can disconnect the sockets of ended sessions on every instance. */
export type SessionsRevoked = (info: { userId: string; sessionIds: string[]; reason: RevokedReason }) => void;

/**
 * For the moderators' live queue: an item to look at, or a decision taken (stored already); or a user who
 * is a moderator no more, whose sockets leave the queue on every instance.
 */
export type ModerationNotice = { item: ModerationItem } | { decided: ModerationDecided } | { demoted: string };
export type ModerationPublisher = (notice: ModerationNotice) => void;
/** A stored notification, for every signed-in socket of its recipient on every instance. */
export type NotificationPublisher = (news: NotificationNews & { userId: string }) => void;

/** What the use-cases tell the live layer. */
export interface Publisher {
  event: EventPublisher;
  reactions: ReactionsPublisher;
  sessionsRevoked: SessionsRevoked;
  moderation: ModerationPublisher;
  notification: NotificationPublisher;
}

/** For an app context without a live layer (scripts, tests of the HTTP API alone). */
export const noPublisher: Publisher = {
  event: () => undefined,
  reactions: () => undefined,
  sessionsRevoked: () => undefined,
  moderation: () => undefined,
  notification: () => undefined,
};

/**
 * An instance's one publisher, made at start-up and handed to both the app context (which publishes on it) and
 * the live layer (which attaches its broadcaster). With nothing attached (no live layer, or after it
 * closed) what is published goes nowhere.
 */
export interface EventBus extends Publisher {
  /** Sends what is published to `listener` from now on; the answer detaches it again. */
  attach(listener: Publisher): () => void;
}

export function createEventBus(): EventBus {
  let listener: Publisher | undefined;
  return {
    event: (event, comment) => listener?.event(event, comment),
    reactions: (change) => listener?.reactions(change),
    sessionsRevoked: (info) => listener?.sessionsRevoked(info),
    moderation: (notice) => listener?.moderation(notice),
    notification: (news) => listener?.notification(news),
    attach(next) {
      listener = next;
      return () => {
        if (listener === next) listener = undefined;
      };
    },
  };
}
