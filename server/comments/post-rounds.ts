import { Types } from 'mongoose';
import type { StoredEvent } from '../events/event-log';
import type { PendingOp } from '../events/pending-op';
import { bulkWriteErrors } from '../lib/mongo-errors';
import { createRounds, createSharedRead } from '../lib/rounds';
import type { Models } from '../models';

/** What a post's checks read of its article. */
export type ArticleForPost = { _id: Types.ObjectId; locked: boolean; premod?: string | null };

/** A settled change: its comment's mark cleared, a creation's seq written (see `settled`). */
interface Settle {
  commentId: Types.ObjectId;
  op: PendingOp;
  event: StoredEvent;
}

/** The follow-up write of a comment whose event is stored: the mark cleared, a creation's seq written. */
export function settled(commentId: Types.ObjectId, op: PendingOp, event: StoredEvent) {
  const set = op.type === 'comment.created' ? { $set: { seq: event.seq } } : {};
  return [
    { _id: commentId, 'pendingOp.id': op.id },
    { ...set, $unset: { pendingOp: 1 as const } },
  ] as const;
}

/**
 * The documents an unordered insert's error says the store refused, or null when its write errors do not
 * account for every document (a command that got no answer has none, and then no document counts as stored).
 */
function refusedIndexes(err: unknown, documents: number): number[] | null {
  const refused = bulkWriteErrors(err)?.map((w) => w.index) ?? [];
  const inserted = (err as { insertedCount?: number }).insertedCount ?? 0;
  return refused.length > 0 && refused.length + inserted === documents ? refused : null;
}

/**
 * The store commands every post makes, shared by the posts that overlap (lib/rounds.ts): under a burst of
 * posts into one thread, each costs the store and this process a command per round trip instead of one
 * per post; a lone post costs what it did. Each read is made after its caller asked, so a post never
 * passes a check (a lock, the moderation settings) on a state older than itself.
 */
export function createPostRounds(models: Pick<Models, 'Article' | 'Setting' | 'Comment'>) {
  const { Article, Setting, Comment } = models;
  /** Per document of the round: undefined, or what the store answered to it alone. */
  const insertRounds = createRounds<object, { err: unknown } | undefined>(async (_articleId, docs) => {
    const alone = (d: object) =>
      Comment.collection.insertOne({ ...d }).then(
        () => undefined,
        (err: unknown) => ({ err }),
      );
    if (docs.length === 1) return [await alone(docs[0]!)];
    try {
      await Comment.collection.insertMany(
        docs.map((d) => ({ ...d })),
        { ordered: false },
      );
      return docs.map(() => undefined);
    } catch (err) {
      const refused = refusedIndexes(err, docs.length);
      if (!refused) throw err;
      return Promise.all(docs.map((d, i) => (refused.includes(i) ? alone(d) : undefined)));
    }
  });
  return {
    /**
     * Inserts new comments of one article (every field set: comment-store.ts's newCommentDoc), one
     * unordered insert for the round. A document the store refused (a retry's clientId) is inserted again
     * alone, so that its caller gets the store's own error for it, as from a lone insert; the others stand.
     */
    insertComment: async (articleId: string, doc: object): Promise<void> => {
      const refusal = await insertRounds(articleId, doc);
      if (refusal) throw refusal.err;
    },

    /** The article's lock and moderation rule (null: no such article). */
    article: createSharedRead((id) =>
      Article.collection.findOne<ArticleForPost>(
        { _id: new Types.ObjectId(id) },
        { projection: { locked: 1, premod: 1 } },
      ),
    ),

    /** A setting's stored value (null when never set). */
    setting: createSharedRead(async (id) => {
      // Settings are keyed by a name, not an ObjectId (the driver's typing assumes one).
      const byName: Record<string, unknown> = { _id: id };
      return (await Setting.collection.findOne<{ value: string }>(byName))?.value;
    }),

    /**
     * Settles changes of one article that move no parent's `replyCount` (see clearMark): one update command
     * for the round, straight to the driver. Whether each statement matched is not told apart, which is why
     * a change that moves a count goes alone.
     */
    settle: createRounds<Settle, void>(async (_articleId, items) => {
      const ops = items.map((s) => {
        const [filter, update] = settled(s.commentId, s.op, s.event);
        return { updateOne: { filter, update } };
      });
      await Comment.collection.bulkWrite(ops, { ordered: false });
      return items.map(() => undefined);
    }),
  };
}
export type PostRounds = ReturnType<typeof createPostRounds>;
