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

export const noPublisher: EventPublisher = () => undefined;
