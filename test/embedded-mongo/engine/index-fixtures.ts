import { Query } from 'mingo';
import { idKey } from '../../../server/embedded-mongo/engine/compare';
import type { IndexSpec } from '../../../server/embedded-mongo/engine/index-spec';
import { IndexStore } from '../../../server/embedded-mongo/engine/index-store';
import type { Doc } from '../../../server/embedded-mongo/engine/values';

/** A real query engine as the partial-index matcher (the server's own matcher lives in another module). */
export const matches = (filter: Doc, doc: Doc) => new Query(filter).test(doc);

export const spec = (key: IndexSpec['key'], extra: Partial<IndexSpec> = {}): IndexSpec => ({
  v: 2,
  key,
  name: Object.entries(key)
    .map(([f, d]) => `${f}_${String(d)}`)
    .join('_'),
  ...extra,
});

/** An index filled with documents, plus the documents by id so scans can be turned back into documents. */
export function filledIndex(indexSpec: IndexSpec, docs: Doc[]): { index: IndexStore; byId: Map<string, Doc> } {
  const index = new IndexStore(indexSpec, { matches });
  const byId = new Map<string, Doc>();
  for (const doc of docs) {
    const id = idKey(doc._id);
    byId.set(id, doc);
    index.insert(doc, id);
  }
  return { index, byId };
}

/** Distinct `_id`s in the order a scan first yields them. */
export function scannedIds(ids: Iterable<string>, byId: Map<string, Doc>): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(byId.get(id)?._id);
  }
  return out;
}
