import type { StoredEvent } from './event-log';

/**
 * Where stored events go to be broadcast. The use-cases call it only after the event is in MongoDB;
 * the live layer (realtime/) plugs its broadcaster in. Publishing never fails a request: a lost
 * broadcast is repaired by clients from /events (the presence `lastSeq` tells them).
 */
export type EventPublisher = (event: StoredEvent) => void;

export const noPublisher: EventPublisher = () => undefined;
