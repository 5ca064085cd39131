import { randomUUID } from 'node:crypto';
import { ObjectId } from 'bson';
import { MongoCommandError, mongoError } from '../errors';
import { checkDocumentSize } from '../limits';
import type { JournalRecord } from '../storage/types';
import { idKey } from './compare';
import { formatKeyValue } from './format';
import { ID_INDEX, type IndexSpec } from './index-spec';
import { type DocKeys, IndexStore } from './index-store';
import { compileFilter } from './matcher';
import type { Doc } from './values';

/** Records produced by one command; the command acknowledges once they are durable. */
export type WriteBatch = JournalRecord[];

// Partial indexes test every document against their filter: compile each filter once.
const compiledFilters = new WeakMap<Doc, (doc: Doc) => boolean>();
const matches = (filter: Doc, doc: Doc) => {
  let test = compiledFilters.get(filter);
  if (!test) compiledFilters.set(filter, (test = compileFilter(filter)));
  return test(doc);
};

/**
 * One collection: documents keyed by `_id` in insertion order, plus its indexes. Every method runs
 * synchronously from start to end, so a single-document write is atomic without locks (JS runs one
 * command's in-memory part at a time); durability is awaited by the caller after the batch is built.
 */
export class Collection {
  readonly docs = new Map<string, Doc>();
  readonly indexes: IndexStore[];

  constructor(
    readonly db: string,
    public name: string,
    readonly options: Doc,
    specs: IndexSpec[] = [],
  ) {
    this.indexes = [new IndexStore(ID_INDEX, { matches })];
    for (const spec of specs) this.indexes.push(new IndexStore(spec, { matches }));
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get specs(): IndexSpec[] {
    return this.indexes.map((i) => i.spec);
  }

  /** Adds `_id` (first, as mongod does) when missing. */
  static withId(doc: Doc): Doc {
    if (doc._id !== undefined) return doc;
    return { _id: new ObjectId(), ...doc };
  }

  private duplicateKey(index: IndexStore, keyValue: Record<string, unknown>) {
    return mongoError(
      'DuplicateKey',
      `E11000 duplicate key error collection: ${this.ns} index: ${index.spec.name} dup key: ${formatKeyValue(keyValue)}`,
      { keyPattern: index.spec.key, keyValue },
    );
  }

  /**
   * Throws the error the write would hit, before anything changes; answers the document's keys in each
   * index (in `indexes` order), for the write to use.
   */
  private checkIndexes(doc: Doc, selfId?: string): DocKeys[] {
    const id = idKey(doc._id);
    if (id !== selfId && this.docs.has(id)) throw this.duplicateKey(this.indexes[0]!, { _id: doc._id });
    return this.indexes.map((index) => {
      const keys = index.keys(doc); // throws e.g. on parallel arrays
      const conflict = index.spec.unique ? index.findConflict(doc, selfId, keys) : null;
      if (conflict) throw this.duplicateKey(index, conflict.keyValue);
      return keys;
    });
  }

  insert(doc: Doc, batch: WriteBatch): Doc {
    const stored = Collection.withId(doc);
    if (Array.isArray(stored._id)) throw mongoError('InvalidIdField', `The '_id' value cannot be of type array`);
    if (stored._id instanceof RegExp) throw mongoError('InvalidIdField', `The '_id' value cannot be of type regex`);
    checkDocumentSize(stored);
    const id = idKey(stored._id);
    const keys = this.checkIndexes(stored);
    this.docs.set(id, stored);
    this.indexes.forEach((index, i) => index.insert(stored, id, keys[i]));
    batch.push({ op: 'put', db: this.db, coll: this.name, doc: stored });
    return stored;
  }

  /** Only the indexes whose keys the change moves are touched (most updates leave most of them alone). */
  replace(oldDoc: Doc, newDoc: Doc, batch: WriteBatch): void {
    checkDocumentSize(newDoc);
    const id = idKey(oldDoc._id);
    const keys = this.checkIndexes(newDoc, id);
    const changed = this.indexes.map((index, i) => {
      const old = index.keys(oldDoc);
      if (index.sameKeys(old, keys[i]!)) return false;
      index.remove(oldDoc, id, old);
      return true;
    });
    this.indexes.forEach((index, i) => (changed[i] ? index.insert(newDoc, id, keys[i]) : index.noteArrays(keys[i]!)));
    this.docs.set(id, newDoc);
    batch.push({ op: 'put', db: this.db, coll: this.name, doc: newDoc });
  }

  remove(doc: Doc, batch: WriteBatch): void {
    const id = idKey(doc._id);
    if (!this.docs.delete(id)) return;
    for (const index of this.indexes) index.remove(doc, id);
    batch.push({ op: 'del', db: this.db, coll: this.name, id: doc._id });
  }

  /** Loads a recovered document (no journal record: it is already on disk). */
  load(doc: Doc): void {
    const id = idKey(doc._id);
    this.docs.set(id, doc);
    for (const index of this.indexes) index.insert(doc, id);
  }

  findIndex(name: string): IndexStore | undefined {
    return this.indexes.find((i) => i.spec.name === name);
  }

  /**
   * Builds the index over the existing documents; a unique index over duplicates fails as mongod's does,
   * leaving the collection as it was.
   */
  addIndex(spec: IndexSpec, batch: WriteBatch | null): void {
    const index = new IndexStore(spec, { matches });
    try {
      for (const [id, doc] of this.docs) {
        if (spec.unique) {
          const conflict = index.findConflict(doc, id);
          if (conflict) throw this.duplicateKey(index, conflict.keyValue);
        }
        index.insert(doc, id); // throws on parallel arrays
      }
    } catch (e) {
      if (e instanceof MongoCommandError) e.message = `${this.buildFailedContext()} :: caused by :: ${e.message}`;
      throw e;
    }
    this.indexes.push(index);
    batch?.push({ op: 'createIndex', db: this.db, coll: this.name, spec });
  }

  /** mongod's prefix for an index build's failure (its UUIDs are the build's and the collection's). */
  private buildFailedContext(): string {
    return `Index build failed: ${randomUUID()}: Collection ${this.ns} ( ${randomUUID()} )`;
  }

  /** Forgets the indexes after the first `count`: a createIndexes that fails builds none of its indexes. */
  discardIndexesAfter(count: number): void {
    this.indexes.splice(count);
  }

  dropIndex(name: string, batch: WriteBatch): void {
    const at = this.indexes.findIndex((i) => i.spec.name === name);
    if (at <= 0) throw mongoError('IndexNotFound', `index not found with name [${name}]`);
    this.indexes.splice(at, 1);
    batch.push({ op: 'dropIndex', db: this.db, coll: this.name, name });
  }
}
