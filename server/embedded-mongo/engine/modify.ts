import { mongoError } from '../errors';
import type { Collection, WriteBatch } from './collection';
import { applyReplacement, applyUpdate, upsertSeed, validateUpdate } from './update';
import type { Doc } from './values';

export interface UpdateSpec {
  filter: Doc;
  update: Doc | Doc[];
  arrayFilters?: Doc[];
}

export type UpdateKind = ReturnType<typeof validateUpdate>;

/** Applies an update of any kind (operators, replacement, pipeline: applyUpdate tells them apart). */
export function updateOne(
  coll: Collection,
  doc: Doc,
  spec: UpdateSpec,
  batch: WriteBatch,
): { doc: Doc; modified: boolean } {
  const { doc: next, modified } = applyUpdate(doc, spec.update, {
    filter: spec.filter,
    arrayFilters: spec.arrayFilters,
  });
  if (!modified) return { doc, modified: false };
  coll.replace(doc, next, batch);
  return { doc: next, modified: true };
}

/** Inserts the document an upsert creates when nothing matched. */
export function upsertOne(coll: Collection, spec: UpdateSpec, kind: UpdateKind, batch: WriteBatch): Doc {
  const seed = upsertSeed(spec.filter);
  let doc: Doc;
  if (kind === 'replacement') {
    const replacement = spec.update as Doc;
    // The query's _id, if any, becomes the new document's; a replacement naming another _id is refused.
    doc = seed._id !== undefined ? applyReplacement({ _id: seed._id }, replacement) : replacement;
  } else {
    doc = applyUpdate(seed, spec.update, {
      filter: spec.filter,
      arrayFilters: spec.arrayFilters,
      isUpsertInsert: true,
    }).doc;
  }
  return coll.insert(doc, batch);
}

export function checkUpdateKind(kind: UpdateKind, multi: boolean): void {
  if (kind === 'replacement' && multi)
    throw mongoError('FailedToParse', 'multi update is not supported for replacement-style update');
}
