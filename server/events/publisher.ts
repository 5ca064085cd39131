import type { PublicComment } from '../../shared/types';
import type { StoredEvent } from './event-log';

/**
 * Where stored events go to be broadcast. The use-cases call it only after the event is in MongoDB;
 * the live layer (realtime/) plugs its broadcaster in. Publishing never fails a request: a lost
 * broadcast is repaired by clients from /events (the presence `lastSeq` tells them). `comment`, when the
 * writer has it, is the comment's public view as of this event (as an anonymous reader sees it), so the
 * broadcaster need not read it back.
 */
export type EventPublisher = (event: StoredEvent, comment?: PublicComment) => void;

/**
 * A comment's reaction count changed (stored already). Not an event of the seq log: the live layer sends
 * the article's readers the latest count, coalesced, and reads it itself when it sends.
 */
export type ReactionsPublisher = (change: { articleId: string; commentId: string }) => void;

/** What the use-cases tell the live layer; one object, plugged in once when the live layer starts. */
export interface Publisher {
  event: EventPublisher;
  reactions: ReactionsPublisher;
}

export const noPublisher: Publisher = { event: () => undefined, reactions: () => undefined };
