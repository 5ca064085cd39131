import { mongoError } from '../errors';
import { runStages } from './aggregation';
import { deepCopy } from './update-paths';
import { isPlainObject, type Doc } from './values';

/**
 * Pipeline-style updates (`[{ $set: ... }, { $unset: ... }]`), run as aggregation stages on a copy.
 * The stages see the document's values with their BSON types, and compute typed results as an
 * aggregation does, so an untouched Long or Double keeps its type and `$add` of a long gives a long.
 */

const UPDATE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

export function validatePipeline(stages: unknown[]): void {
  for (const stage of stages) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      throw mongoError('FailedToParse', 'A pipeline stage specification object must contain exactly one field.');
    }
    const name = Object.keys(stage)[0]!;
    if (!UPDATE_STAGES.has(name))
      throw mongoError('InvalidOptions', `${name} is not allowed to be used within an update`);
  }
}

/** The document a pipeline update produces (before the `_id` checks of update.ts). */
export function applyPipeline(doc: Doc, stages: Doc[]): Doc {
  const [result] = runStages([deepCopy(doc)], stages);
  if (!isPlainObject(result)) throw mongoError('BadValue', 'The pipeline of an update must produce a document');
  return result;
}
