import { mongoError } from '../errors';
import { runStages } from './aggregation';
import { deepCopy } from './update-paths';
import { comparableView, isPlainObject, toComparable, type Doc } from './values';

/**
 * Pipeline-style updates (`[{ $set: ... }, { $unset: ... }]`), run as aggregation stages on a copy.
 * The stages see numbers without bson's Long and Double wrappers; a value the pipeline leaves unchanged
 * gets its wrapper back, so an untouched Long or Double field keeps its BSON type.
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

const isWrapped = (v: unknown): boolean => typeof v === 'object' && v !== null && typeof toComparable(v) === 'number';

/** Puts back the wrapped numbers of `original` where the result holds the same value at the same place. */
function rewrap(value: unknown, original: unknown): unknown {
  if (typeof value === 'number')
    return isWrapped(original) && Object.is(toComparable(original), value) ? original : value;
  if (Array.isArray(value) && Array.isArray(original)) return value.map((v, i) => rewrap(v, original[i]));
  if (isPlainObject(value) && isPlainObject(original)) {
    for (const key of Object.keys(value)) value[key] = rewrap(value[key], original[key]);
  }
  return value;
}

/** The document a pipeline update produces (before the `_id` checks of update.ts). */
export function applyPipeline(doc: Doc, stages: Doc[]): Doc {
  const [result] = runStages([comparableView(deepCopy(doc))], stages);
  if (!isPlainObject(result)) throw mongoError('BadValue', 'The pipeline of an update must produce a document');
  return rewrap(result, doc) as Doc;
}
