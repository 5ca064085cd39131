import { idKey } from '../engine/compare';
import type { IndexSpec } from '../engine/index-spec';
import type { Doc } from '../engine/values';
import type { DatabaseState, JournalRecord } from './types';

interface CollectionBuild {
  options: Doc;
  indexes: IndexSpec[];
  /** By `idKey(_id)`; a Map keeps insertion order, so documents come back in the order they were written. */
  docs: Map<string, Doc>;
}

/**
 * Rebuilds the databases from a snapshot and the journal records after it. Records are replays of writes
 * that succeeded, so an inconsistent one (a delete in a missing collection) means nothing and is ignored;
 * a document written into a collection nobody created creates it, as an insert does in MongoDB.
 */
export class StateBuilder {
  private readonly dbs = new Map<string, Map<string, CollectionBuild>>();

  apply(record: JournalRecord): void {
    switch (record.op) {
      case 'put':
        this.collection(record.db, record.coll).docs.set(idKey(record.doc._id), record.doc);
        break;
      case 'del':
        this.existing(record.db, record.coll)?.docs.delete(idKey(record.id));
        break;
      case 'createCollection':
        this.collection(record.db, record.coll).options = record.options;
        break;
      case 'dropCollection':
        this.dbs.get(record.db)?.delete(record.coll);
        break;
      case 'dropDatabase':
        this.dbs.delete(record.db);
        break;
      case 'renameCollection':
        this.rename(record.db, record.coll, record.toDb, record.toColl);
        break;
      case 'createIndex': {
        const coll = this.collection(record.db, record.coll);
        coll.indexes = [...coll.indexes.filter((ix) => ix.name !== record.spec.name), record.spec];
        break;
      }
      case 'dropIndex': {
        const coll = this.existing(record.db, record.coll);
        if (coll) coll.indexes = coll.indexes.filter((ix) => ix.name !== record.name);
        break;
      }
      default:
        throw new Error(`unknown journal operation ${JSON.stringify((record as { op: unknown }).op)}`);
    }
  }

  /** Databases without collections are left out: MongoDB has no empty databases. */
  states(): DatabaseState[] {
    const out: DatabaseState[] = [];
    for (const [name, colls] of this.dbs) {
      if (colls.size === 0) continue;
      out.push({
        name,
        collections: [...colls].map(([collName, c]) => ({
          name: collName,
          options: c.options,
          indexes: c.indexes,
          docs: [...c.docs.values()],
        })),
      });
    }
    return out;
  }

  private existing(db: string, coll: string): CollectionBuild | undefined {
    return this.dbs.get(db)?.get(coll);
  }

  private collection(db: string, coll: string): CollectionBuild {
    let colls = this.dbs.get(db);
    if (!colls) this.dbs.set(db, (colls = new Map()));
    let found = colls.get(coll);
    if (!found) colls.set(coll, (found = { options: {}, indexes: [], docs: new Map() }));
    return found;
  }

  /** Moves a collection, replacing any target (renameCollection with dropTarget). */
  private rename(db: string, coll: string, toDb: string, toColl: string): void {
    const source = this.existing(db, coll);
    if (!source) return;
    this.dbs.get(db)?.delete(coll);
    let target = this.dbs.get(toDb);
    if (!target) this.dbs.set(toDb, (target = new Map()));
    target.set(toColl, source);
  }
}
