import type { Types } from 'mongoose';
import type { AppContext } from '../app-context';

/**
 * Sets every `replyCount` of one article from its visible replies. Bulk writers (the importer) use it
 * after their batches: they clear pending marks in bulk, so they cannot tell which parents to move, and a
 * recount is right however often an interrupted run is started again.
 */
export async function recountReplies(ctx: AppContext, articleId: Types.ObjectId): Promise<void> {
  const { Comment } = ctx.models;
  const counts = await Comment.aggregate<{ _id: Types.ObjectId; n: number }>([
    { $match: { articleId, status: 'visible', parentId: { $ne: null }, seq: { $ne: null } } },
    { $group: { _id: '$parentId', n: { $sum: 1 } } },
  ]);
  if (!counts.length) return;
  const updates = counts.map(({ _id, n }) => ({ updateOne: { filter: { _id }, update: { $set: { replyCount: n } } } }));
  await Comment.bulkWrite(updates, { ordered: false });
}
