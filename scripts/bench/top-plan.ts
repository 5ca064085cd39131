/**
 * The store's plan for the top-level read of a `sort=top` page (server/comments/list-ranked.ts): the same
 * filter, sort and limit, explained by the store itself, so the bench shows an index walk rather than a
 * scan of the thread (keys and documents examined against documents returned).
 */
import { MongoClient, ObjectId, type Document } from 'mongodb';

export interface TopPlan {
  stages: string[];
  indexName: string | null;
  returned: number;
  keysExamined: number;
  docsExamined: number;
}

function stagesOf(plan: Document | undefined): string[] {
  return plan ? [String(plan.stage), ...stagesOf(plan.inputStage as Document | undefined)] : [];
}

function indexOf(plan: Document | undefined): string | null {
  if (!plan) return null;
  return typeof plan.indexName === 'string' ? plan.indexName : indexOf(plan.inputStage as Document | undefined);
}

export async function explainTopPage(storeUri: string, articleId: string, page: number): Promise<TopPlan> {
  const client = await MongoClient.connect(storeUri);
  try {
    const explained = await client
      .db()
      .collection('comments')
      .find({ articleId: new ObjectId(articleId), parentId: null, seq: { $gt: 0 } })
      .sort({ reactions: -1, seq: 1 })
      .limit(page + 1)
      .explain('executionStats');
    const winning = explained.queryPlanner?.winningPlan as Document | undefined;
    return {
      stages: stagesOf(winning),
      indexName: indexOf(winning),
      returned: explained.executionStats?.nReturned ?? 0,
      keysExamined: explained.executionStats?.totalKeysExamined ?? 0,
      docsExamined: explained.executionStats?.totalDocsExamined ?? 0,
    };
  } finally {
    await client.close();
  }
}
