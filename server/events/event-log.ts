import { Types } from 'mongoose';
import { LruMap } from '../lib/lru-map';
import { isDuplicateKey } from '../lib/mongo-errors';
import { HEAVY_READ_MAX_TIME_MS } from '../limits/heavy-reads';
import type { Models } from '../models';
import { KeyedQueue } from './keyed-queue';
import { createLatestWins } from './latest-wins';
import { createRounds } from '../lib/rounds';
import type { PendingOp } from './pending-op';

export interface StoredEvent {
  articleId: Types.ObjectId;
  seq: number;
  type: PendingOp['type'];
  at: Date;
  commentId: Types.ObjectId | null;
  commentCount: number;
  opId: Types.ObjectId;
}

/** A change's event, and whether this call stored it (false: stored before, by another writer). */
type Stored = { event: StoredEvent; fresh: boolean };

/** A writer that keeps losing the race for the next seq gives up (and the repair job finishes later). */
const MAX_ATTEMPTS = 200;
/**
 * Articles whose last seq this process keeps as a hint (about 100 bytes each). Past it the least recently
 * written article is forgotten: its next event reads the log first, one indexed query.
 */
export const MAX_SEQ_HINTS = 10_000;

/**
 * The per-article event log. `store` gives an event the article's last stored seq + 1 under the unique
 * (articleId, seq) index, retrying when another writer took that number, so numbers never skip; and it
 * is idempotent per change (`opId`), so a repair racing the original writer stores one event.
 */
export function createEventLog(deps: Pick<Models, 'Event' | 'Article'>, options: { maxSeqHints?: number } = {}) {
  const { Event, Article } = deps;
  const queue = new KeyedQueue();
  /**
   * The last event this process stored per article, to number the next one without reading the
   * log first. Only a hint: when another instance stored one meanwhile, the insert hits the unique
   * (articleId, seq) index and the next attempt reads the log. Events never change, so a hint's count is
   * right for its seq. Bounded (MAX_SEQ_HINTS): a missing hint costs a read, never a wrong number.
   */
  const lastKnown = new LruMap<string, { seq: number; commentCount: number }>(options.maxSeqHints ?? MAX_SEQ_HINTS);

  /** The article's last stored event (its seq and the count after it), if it has any. */
  const lastStored = (articleId: Types.ObjectId) =>
    Event.findOne({ articleId }, { seq: 1, commentCount: 1 })
      .sort({ seq: -1 })
      .lean<{ seq: number; commentCount: number }>();

  /**
   * Counters follow the log without a read-modify-write: only a newer event may set them. One write per
   * article in flight; those asked for meanwhile become one, of the newest event (a hot thread's burst
   * costs the store one update per round trip, not one per event).
   */
  const followLatest = createLatestWins<StoredEvent>(
    (a, b) => a.seq > b.seq,
    // Straight to the driver (the values are already of their stored types): it is one command per post.
    (_key, event) =>
      Article.collection.updateOne(
        { _id: event.articleId, lastSeq: { $lt: event.seq } },
        { $set: { lastSeq: event.seq, commentCount: event.commentCount } },
      ),
  );
  const updateArticleCounters = (articleId: Types.ObjectId, event: StoredEvent) =>
    followLatest(String(articleId), { ...event, articleId });

  /** Answers the event of `op`, and whether this call stored it (false: stored before, by another writer). */
  async function storeEventOfOp(
    articleId: Types.ObjectId,
    commentId: Types.ObjectId | null,
    op: PendingOp,
  ): Promise<Stored> {
    const key = String(articleId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const hint = attempt === 0 ? lastKnown.get(key) : undefined;
      const last = hint ?? (await lastStored(articleId));
      const seq = (last?.seq ?? 0) + 1;
      const event: StoredEvent = {
        articleId,
        seq,
        type: op.type,
        at: op.at,
        commentId,
        commentCount: (last?.commentCount ?? 0) + op.countDelta,
        opId: op.id,
      };
      try {
        // Straight to the driver (every field is set): a mongoose document costs as much CPU as the round trip.
        await Event.collection.insertOne({ _id: new Types.ObjectId(), ...event });
      } catch (err) {
        if (isDuplicateKey(err, 'opId'))
          return { event: (await Event.findOne({ opId: op.id }).lean()) as StoredEvent, fresh: false };
        if (isDuplicateKey(err, 'seq')) continue;
        lastKnown.delete(key);
        throw err;
      }
      lastKnown.set(key, { seq, commentCount: event.commentCount });
      return { event, fresh: true };
    }
    throw new Error(`could not store an event for article ${String(articleId)} after ${MAX_ATTEMPTS} attempts`);
  }

  /**
   * Several changes of one article in one insert, numbered on from its last event (a bulk writer's way:
   * the importer's, and the post path's under a hot thread). A number another writer took meanwhile, or a
   * change stored before (its opId), stops the ordered insert there: the events before it are stored,
   * gap-free; the first refused change goes alone (as `store`: it reads the log, or finds its event), and
   * the rest go on together.
   */
  async function storeEventsOfOps(
    articleId: Types.ObjectId,
    changes: { commentId: Types.ObjectId | null; op: PendingOp }[],
  ): Promise<Stored[]> {
    if (changes.length === 1) return [await storeEventOfOp(articleId, changes[0]!.commentId, changes[0]!.op)];
    const key = String(articleId);
    const last = lastKnown.get(key) ?? (await lastStored(articleId));
    let count = last?.commentCount ?? 0;
    const events: StoredEvent[] = changes.map(({ commentId, op }, i) => ({
      articleId,
      seq: (last?.seq ?? 0) + i + 1,
      type: op.type,
      at: op.at,
      commentId,
      commentCount: (count += op.countDelta),
      opId: op.id,
    }));
    let stored = events.length;
    try {
      const docs = events.map((e) => ({ _id: new Types.ObjectId(), ...e }));
      if (docs.length) await Event.collection.insertMany(docs, { ordered: true });
    } catch (err) {
      if (!isDuplicateKey(err)) {
        lastKnown.delete(key);
        throw err;
      }
      stored = (err as { insertedCount?: number }).insertedCount ?? 0;
    }
    const results = events.slice(0, stored).map((event) => ({ event, fresh: true }));
    const newest = events[stored - 1];
    if (newest) lastKnown.set(key, { seq: newest.seq, commentCount: newest.commentCount });
    else lastKnown.delete(key);
    if (stored === events.length) return results;
    const refused = changes[stored]!;
    results.push(await storeEventOfOp(articleId, refused.commentId, refused.op));
    return [...results, ...(await storeEventsOfOps(articleId, changes.slice(stored + 1)))];
  }

  /**
   * Writers of one article that arrive while its previous insert is in flight wait together, and go in
   * one insert (one fsync) when it is done: under a hot thread the article's events are written at the
   * store's pace of inserts, not of events. Each writer is still answered only once its event is durable.
   */
  const grouped = createRounds<{ articleId: Types.ObjectId; commentId: Types.ObjectId | null; op: PendingOp }, Stored>(
    (key, changes) => queue.run(key, () => storeEventsOfOps(changes[0]!.articleId, changes)),
  );

  return {
    /**
     * Numbering is serialised per article in this process, and the writers that wait for it are stored
     * together; nothing else is, so that fsyncs of different articles overlap.
     */
    store: (articleId: Types.ObjectId, commentId: Types.ObjectId | null, op: PendingOp) =>
      grouped(String(articleId), { articleId, commentId, op }),

    /** `store` for several changes of one article, in their order, with one insert when nobody races it. */
    storeMany: (articleId: Types.ObjectId, changes: { commentId: Types.ObjectId; op: PendingOp }[]) =>
      queue.run(String(articleId), () => storeEventsOfOps(articleId, changes)),

    /**
     * Sets the article's counters from a stored event (also one stored by a writer that died before doing
     * it); an older event never overwrites a newer one's.
     */
    updateArticleCounters,

    /** Events after `after`, in seq order. */
    list: (articleId: Types.ObjectId, after: number, limit: number) =>
      Event.find({ articleId, seq: { $gt: after } })
        .sort({ seq: 1 })
        .limit(limit)
        .maxTimeMS(HEAVY_READ_MAX_TIME_MS)
        .lean<StoredEvent[]>(),

    /** The event of a change, if it was stored (used by the repair job). */
    findByOp: (opId: Types.ObjectId) => Event.findOne({ opId }).lean<StoredEvent>(),

    /** The highest stored seq of the article (0 without events), from the log itself, never a hint. */
    lastSeq: async (articleId: Types.ObjectId) => (await lastStored(articleId))?.seq ?? 0,

    /** How many articles have a seq hint now (at most MAX_SEQ_HINTS): for tests and diagnostics. */
    hintedArticles: () => lastKnown.size,
  };
}
export type EventLog = ReturnType<typeof createEventLog>;
