import type { PublicEvent } from '../../shared/events';

/** An event after this much quiet (no event of the article) goes out alone, at once... */
export const BATCH_QUIET_MS = 250;
/** ...and while events keep coming, an article's batches go out at most this often. */
export const BATCH_INTERVAL_MS = 100;

export interface EventBatcher {
  /** An event of the article reached this instance (its own or another instance's). */
  add(event: PublicEvent): void;
  close(): void;
}

interface ArticleBatch {
  pending: PublicEvent[];
  lastEventAt: number;
  lastSentAt: number;
  timer?: NodeJS.Timeout;
  /** Whether `timer` sends `pending` (otherwise it only forgets the article once it is quiet). */
  sending: boolean;
}

/**
 * Gathers each article's events on this instance and hands them to `send` as batches in seq order: the
 * first event after BATCH_QUIET_MS of quiet alone and at once, later ones at most every BATCH_INTERVAL_MS.
 * One timer per article with events in flight, none per socket; an article is forgotten once quiet.
 * Events arriving out of seq order (from two instances) are sorted within a batch; one that arrives after
 * its batch went out follows in the next, and the reader's repair rule covers it as for single events.
 */
export function createEventBatcher(send: (articleId: string, events: PublicEvent[]) => void): EventBatcher {
  const batches = new Map<string, ArticleBatch>();

  const schedule = (articleId: string, batch: ArticleBatch, sending: boolean, at: number) => {
    clearTimeout(batch.timer);
    batch.sending = sending;
    batch.timer = setTimeout(() => tick(articleId), Math.max(0, at - Date.now()));
    batch.timer.unref();
  };

  const tick = (articleId: string) => {
    const batch = batches.get(articleId);
    if (!batch) return;
    const now = Date.now();
    if (batch.pending.length > 0) {
      const events = batch.pending.sort((a, b) => a.seq - b.seq);
      batch.pending = [];
      batch.lastSentAt = now;
      schedule(articleId, batch, false, batch.lastEventAt + BATCH_QUIET_MS);
      send(articleId, events);
    } else if (now - batch.lastEventAt >= BATCH_QUIET_MS) {
      batches.delete(articleId);
    } else {
      schedule(articleId, batch, false, batch.lastEventAt + BATCH_QUIET_MS);
    }
  };

  return {
    add(event) {
      const { articleId } = event;
      const now = Date.now();
      const batch = batches.get(articleId);
      if (!batch || (batch.pending.length === 0 && now - batch.lastEventAt >= BATCH_QUIET_MS)) {
        if (batch) clearTimeout(batch.timer);
        const fresh: ArticleBatch = { pending: [], lastEventAt: now, lastSentAt: now, sending: false };
        batches.set(articleId, fresh);
        schedule(articleId, fresh, false, now + BATCH_QUIET_MS);
        send(articleId, [event]);
        return;
      }
      batch.lastEventAt = now;
      batch.pending.push(event);
      if (!batch.sending) schedule(articleId, batch, true, batch.lastSentAt + BATCH_INTERVAL_MS);
    },
    close() {
      for (const batch of batches.values()) clearTimeout(batch.timer);
      batches.clear();
    },
  };
}
