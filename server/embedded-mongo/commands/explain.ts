import { mongoError } from '../errors';
import { runQuery } from '../engine/query';
import type { Doc } from '../engine/values';
import { commandName, optDoc, targetCollection } from './args';
import type { CommandHandler } from './context';
import { queryOptions } from './find';

/**
 * `explain` for find and count: which plan ran (IXSCAN with the index name, or COLLSCAN) and how many
 * index keys and documents it examined, in mongod's field names.
 */
const explain: CommandHandler = ({ db, cmd }, server) => {
  const inner = optDoc(cmd, 'explain');
  if (!inner) throw mongoError('FailedToParse', 'explain command requires a nested object');
  const name = commandName(inner);
  if (name !== 'find' && name !== 'count')
    throw mongoError(
      'IllegalOperation',
      `explain of ${name} is not supported by the embedded MongoDB-compatible server (find and count are)`,
    );
  const collName = targetCollection(inner);
  const { filter, options } = queryOptions(inner, name === 'find' ? 'filter' : 'query');
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
    ok: 1,
  };
};

export const explainCommands: Record<string, CommandHandler> = { explain };
