import type { Collection } from './collection';
import { compileFilter } from './matcher';
import { planQuery } from './planner';
import { compileSort } from './sort';
import { checkMaxTime } from '../time-limit';
import type { Doc } from './values';

export interface QueryOptions {
  sort?: Doc;
  skip?: number;
  /** 0 or absent: no limit. */
  limit?: number;
  hint?: unknown;
  collation?: Doc;
  /** The command's `maxTimeMS` as a `performance.now()` time (see time-limit.ts). */
  deadline?: number;
}

/** How many documents a scan examines between two looks at the clock. */
const CLOCK_EVERY = 256;

/** Server-wide counters, reported by serverStatus as mongod's `metrics.queryExecutor` / `metrics.document`. */
export interface QueryStats {
  keysExamined: number;
  docsExamined: number;
  docsReturned: number;
}

export interface QueryResult {
  docs: Doc[];
  plan: 'IXSCAN' | 'COLLSCAN';
  indexName?: string;
  keysExamined: number;
  docsExamined: number;
}

/**
 * Runs a query: through the best index the planner finds (the full filter is still applied to every
 * candidate), else over the whole collection. When the index gives the order, the scan stops as soon as
 * skip + limit documents matched, so the first page of a large thread costs the same as a small one.
 */
export function runQuery(coll: Collection, filter: Doc, options: QueryOptions = {}, stats?: QueryStats): QueryResult {
  const matcher = compileFilter(filter, { collation: options.collation });
  const plan = planQuery(filter, options.sort, coll.indexes, { hint: options.hint, collation: options.collation });
  const sortNeeded = !!options.sort && Object.keys(options.sort).length > 0 && !plan?.providesSort;
  const skip = options.skip ?? 0;
  const wanted = !sortNeeded && options.limit ? skip + options.limit : Infinity;

  let keysExamined = 0;
  let docsExamined = 0;
  const out: Doc[] = [];
  const consider = (doc: Doc) => {
    docsExamined++;
    if (docsExamined % CLOCK_EVERY === 0) checkMaxTime(options.deadline);
    if (matcher(doc)) out.push(doc);
  };

  if (plan) {
    const seen = new Set<string>(); // a multikey index yields a document once per key
    for (const id of plan.index.scan(plan.bounds, plan.direction)) {
      keysExamined++;
      if (seen.has(id)) continue;
      seen.add(id);
      const doc = coll.docs.get(id);
      if (doc) consider(doc);
      if (out.length >= wanted) break;
    }
  } else {
    for (const doc of coll.docs.values()) {
      consider(doc);
      if (out.length >= wanted) break;
    }
  }

  if (sortNeeded) {
    checkMaxTime(options.deadline);
    out.sort(compileSort(options.sort!, options.collation));
  }
  const end = options.limit ? skip + options.limit : undefined;
  const docs = skip || end !== undefined ? out.slice(skip, end) : out;

  if (stats) {
    stats.keysExamined += keysExamined;
    stats.docsExamined += docsExamined;
    stats.docsReturned += docs.length;
  }
  return { docs, plan: plan ? 'IXSCAN' : 'COLLSCAN', indexName: plan?.index.spec.name, keysExamined, docsExamined };
}
