import { mongoError } from '../errors';
import type { DatabaseState } from '../storage/types';
import { Collection, type WriteBatch } from './collection';
import type { Doc } from './values';

const BAD_DB_CHARS = /[/\\. "$*<>:|?\0]/;

export function validateDbName(db: string): void {
  if (!db || db.length > 63 || BAD_DB_CHARS.test(db))
    throw mongoError('InvalidNamespace', `Invalid database name: '${db}'`);
}

export function validateCollectionName(db: string, name: string): void {
  if (
    typeof name !== 'string' ||
    !name ||
    name.includes('\0') ||
    name.includes('$') ||
    name.startsWith('.') ||
    name.startsWith('system.')
  ) {
    throw mongoError('InvalidNamespace', `Invalid collection name: ${db}.${String(name)}`);
  }
}

/** Every database and collection of the server. Databases exist while they hold a collection. */
export class Catalog {
  private readonly dbs = new Map<string, Map<string, Collection>>();

  static fromState(state: DatabaseState[]): Catalog {
    const catalog = new Catalog();
    for (const db of state) {
      for (const c of db.collections) {
        const coll = new Collection(db.name, c.name, c.options);
        for (const spec of c.indexes) coll.addIndex(spec, null);
        for (const doc of c.docs) coll.load(doc);
        catalog.collectionsOf(db.name, true)!.set(c.name, coll);
      }
    }
    return catalog;
  }

  private collectionsOf(db: string, create = false): Map<string, Collection> | undefined {
    let colls = this.dbs.get(db);
    if (!colls && create) this.dbs.set(db, (colls = new Map()));
    return colls;
  }

  get(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** The collection, created implicitly as mongod does on a first write. */
  getOrCreate(db: string, name: string, batch: WriteBatch): { coll: Collection; created: boolean } {
    const existing = this.get(db, name);
    if (existing) return { coll: existing, created: false };
    return { coll: this.create(db, name, {}, batch), created: true };
  }

  create(db: string, name: string, options: Doc, batch: WriteBatch): Collection {
    validateDbName(db);
    validateCollectionName(db, name);
    if (this.get(db, name)) throw mongoError('NamespaceExists', `Collection ${db}.${name} already exists.`);
    const coll = new Collection(db, name, options);
    this.collectionsOf(db, true)!.set(name, coll);
    batch.push({ op: 'createCollection', db, coll: name, options });
    return coll;
  }

  drop(db: string, name: string, batch: WriteBatch): boolean {
    const colls = this.dbs.get(db);
    if (!colls?.delete(name)) return false;
    if (!colls.size) this.dbs.delete(db);
    batch.push({ op: 'dropCollection', db, coll: name });
    return true;
  }

  dropDatabase(db: string, batch: WriteBatch): void {
    if (this.dbs.delete(db)) batch.push({ op: 'dropDatabase', db });
  }

  rename(db: string, name: string, toDb: string, toName: string, dropTarget: boolean, batch: WriteBatch): void {
    const source = this.get(db, name);
    if (!source) throw mongoError('NamespaceNotFound', `Source collection ${db}.${name} does not exist`);
    validateDbName(toDb);
    validateCollectionName(toDb, toName);
    if (db === toDb && name === toName) throw mongoError('IllegalOperation', `Can't rename a collection to itself`);
    if (this.get(toDb, toName)) {
      if (!dropTarget) throw mongoError('NamespaceExists', `target namespace exists`);
      this.drop(toDb, toName, batch);
    }
    this.dbs.get(db)!.delete(name);
    if (!this.dbs.get(db)!.size) this.dbs.delete(db);
    const moved = new Collection(toDb, toName, source.options);
    for (const index of source.indexes.slice(1)) moved.addIndex(index.spec, null);
    for (const doc of source.docs.values()) moved.load(doc);
    this.collectionsOf(toDb, true)!.set(toName, moved);
    batch.push({ op: 'renameCollection', db, coll: name, toDb, toColl: toName });
  }

  databaseNames(): string[] {
    return [...this.dbs.keys()];
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  /** References to every document: cheap, and consistent because documents are never mutated. */
  captureState(): DatabaseState[] {
    return [...this.dbs].map(([name, colls]) => ({
      name,
      collections: [...colls.values()].map((c) => ({
        name: c.name,
        options: c.options,
        indexes: c.specs.slice(1),
        docs: [...c.docs.values()],
      })),
    }));
  }
}
