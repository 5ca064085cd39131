import { runQuery, type QueryOptions } from '../engine/query';
import type { Doc } from '../engine/values';
import type { ServerContext } from './context';

/**
 * A query's plan in mongod's explain fields: which plan ran (IXSCAN with the index name, or COLLSCAN)
 * and how many index keys and documents it examined.
 */
export function queryExplain(
  server: ServerContext,
  db: string,
  collName: string,
  filter: Doc,
  options: QueryOptions,
): Doc {
  const coll = server.catalog.get(db, collName);
  const result = coll
    ? runQuery(coll, filter, options)
    : { docs: [], plan: 'EOF' as const, keysExamined: 0, docsExamined: 0, indexName: undefined };
  const scan: Doc =
    result.plan === 'IXSCAN'
      ? { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: result.indexName } }
      : { stage: result.plan };
  return {
    queryPlanner: { namespace: `${db}.${collName}`, parsedQuery: filter, winningPlan: scan, rejectedPlans: [] },
    executionStats: {
      nReturned: result.docs.length,
      totalKeysExamined: result.keysExamined,
      totalDocsExamined: result.docsExamined,
      executionSuccess: true,
    },
  };
}
