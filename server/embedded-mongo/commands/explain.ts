import { mongoError } from '../errors';
import type { Doc } from '../engine/values';
import { explainAggregate } from './aggregate';
import { commandName, optDoc, targetCollection } from './args';
import type { CommandHandler } from './context';
import { queryExplain } from './explain-plan';
import { queryOptions } from './find';

/** `explain` for find, count and aggregate (the plans: explain-plan.ts and aggregate.ts). */
const explain: CommandHandler = ({ db, cmd }, server) => {
  const inner = optDoc(cmd, 'explain');
  if (!inner) throw mongoError('FailedToParse', 'explain command requires a nested object');
  const name = commandName(inner);
  const collName = targetCollection(inner);
  if (name === 'aggregate') {
    const pipeline = inner.pipeline;
    if (!Array.isArray(pipeline)) throw mongoError('TypeMismatch', "'pipeline' option must be specified as an array");
    return { ...explainAggregate(server, db, collName, pipeline as Doc[]), ok: 1 };
  }
  if (name !== 'find' && name !== 'count')
    throw mongoError(
      'IllegalOperation',
      `explain of ${name} is not supported by the embedded MongoDB-compatible server (find, count and aggregate are)`,
    );
  const { filter, options } = queryOptions(inner, name === 'find' ? 'filter' : 'query');
  return { ...queryExplain(server, db, collName, filter, options), ok: 1 };
};

export const explainCommands: Record<string, CommandHandler> = { explain };
