import BTree from 'sorted-btree';
import { mongoError } from '../errors';
import { checkIndexCollation, collationKeyFn, collationKind, type CollationKind } from './collation';
import { compareBoundValues, TypeEdge, type Bound, type IndexBounds, type Interval } from './index-bounds';
import type { IndexSpec } from './index-spec';
import { generateKeys } from './index-keys';
import { numberOf } from './sort';
import type { Doc } from './values';

/** Tree-order sentinels in search keys: before / after every key sharing the preceding parts. */
const LOW = Symbol('low');
const HIGH = Symbol('high');

/** Index types mongod has and the embedded server does not. */
const UNSUPPORTED_TYPES = new Set(['text', '2dsphere', '2d', 'hashed', 'geoHaystack', 'columnstore']);

/** A matcher for partial indexes, given by the caller (the query engine lives elsewhere). */
export interface IndexStoreOptions {
  matches?: (filter: Doc, doc: Doc) => boolean;
}

/** A document's keys in one index, as `keys` builds them. */
export interface DocKeys {
  entries: KeyEntry[];
  /** Per field, the array path prefixes met (see `generateKeys`). */
  arrayPrefixes: string[][];
}

interface KeyEntry {
  /** The key as the index orders it (strings folded by the collation). */
  key: unknown[];
  /** The document's own values, for duplicate key errors. */
  raw: unknown[];
}

function cannotCreate(spec: IndexSpec, reason: string) {
  return mongoError(
    'CannotCreateIndex',
    `Error in specification ${JSON.stringify({ key: spec.key, name: spec.name })} :: caused by :: ${reason}`,
  );
}

function parseKeyPattern(spec: IndexSpec): { fields: string[]; directions: (1 | -1)[] } {
  const entries = Object.entries(spec.key ?? {});
  if (entries.length === 0) throw cannotCreate(spec, 'Index keys cannot be empty.');
  for (const [field, value] of entries) {
    if (typeof value === 'string') {
      throw cannotCreate(
        spec,
        UNSUPPORTED_TYPES.has(value)
          ? `'${value}' indexes are not supported by the embedded MongoDB-compatible server`
          : `Unknown index plugin '${value}'`,
      );
    }
    if (field.startsWith('$') || field.split('.').some((part) => part === '')) {
      throw cannotCreate(spec, `Index key contains an illegal field name: '${field}'`);
    }
    // Like mongod, any positive number means ascending and any negative one descending.
    const n = numberOf(value);
    if (!(n > 0 || n < 0))
      throw cannotCreate(spec, `Values in the index key pattern must be 1 or -1, found ${field}: ${String(value)}`);
  }
  return { fields: entries.map(([f]) => f), directions: entries.map(([, v]) => (numberOf(v) > 0 ? 1 : -1)) };
}

/**
 * One index: a B+tree of key tuples with the document id appended (so equal keys stay distinct), mapping
 * to the id. Scans are lazy generators, so a query with a limit reads only the keys it needs; a scan
 * must be consumed before the next write to the collection.
 */
export class IndexStore {
  readonly spec: IndexSpec;
  readonly fields: string[];
  private readonly paths: string[][];
  readonly directions: (1 | -1)[];
  readonly collation: CollationKind;
  /** Index keys read by scans since creation (the one that ends a range included), for statistics. */
  keysExamined = 0;
  private readonly tree: BTree<unknown[], string>;
  private readonly fold: ((v: unknown) => unknown) | null;
  private readonly inIndex: ((doc: Doc) => boolean) | null;
  /**
   * Per field, the path prefixes where some document met an array (mongod's multikey paths): such a
   * field's keys may repeat a document. Never reset, as mongod.
   */
  private readonly multikeyPaths: Set<string>[];

  constructor(spec: IndexSpec, options: IndexStoreOptions = {}) {
    this.spec = spec;
    ({ fields: this.fields, directions: this.directions } = parseKeyPattern(spec));
    this.paths = this.fields.map((f) => f.split('.'));
    this.multikeyPaths = this.fields.map(() => new Set());
    checkIndexCollation(spec.collation);
    this.collation = collationKind(spec.collation);
    this.fold = collationKeyFn(this.collation);
    const partial = spec.partialFilterExpression;
    if (partial && spec.sparse) throw cannotCreate(spec, 'cannot mix "partialFilterExpression" and "sparse" options');
    const matches = options.matches;
    if (partial && !matches) throw new Error('IndexStore: a partial index needs a matcher');
    this.inIndex = partial && matches ? (doc) => matches(partial, doc) : null;
    this.tree = new BTree<unknown[], string>(undefined, this.compareKeys);
  }

  get size(): number {
    return this.tree.size;
  }

  get multikey(): boolean {
    return this.multikeyPaths.some((p) => p.size > 0);
  }

  isMultikeyField(position: number): boolean {
    return this.multikeyPaths[position]!.size > 0;
  }

  /**
   * Whether two fields went through the same array in some document. Their keys then pair values of one
   * element only, so bounds on both would miss documents whose elements match one condition each.
   */
  shareArray(a: number, b: number): boolean {
    const other = this.multikeyPaths[b]!;
    return [...this.multikeyPaths[a]!].some((prefix) => other.has(prefix));
  }

  /** Tree order: fields by value in their direction, then the id; LOW/HIGH decide where they appear. */
  private readonly compareKeys = (a: unknown[], b: unknown[]): number => {
    const n = this.fields.length;
    for (let i = 0; i <= n; i++) {
      const x = a[i];
      const y = b[i];
      if (x === y) continue;
      if (x === LOW || y === HIGH) return -1;
      if (x === HIGH || y === LOW) return 1;
      if (i === n) return (x as string) < (y as string) ? -1 : 1;
      const c = compareBoundValues(x, y);
      if (c) return c * this.directions[i]!;
    }
    return 0;
  };

  /** A value as this index holds it: strings folded by its collation. */
  keyPart(v: unknown): unknown {
    return this.fold && !(v instanceof TypeEdge) ? this.fold(v) : v;
  }

  /** The distinct values of one field, in key order (the equality values of a scan). */
  private distinctKeys(values: unknown[]): unknown[] {
    const keys = values.map((v) => this.keyPart(v)).sort(compareBoundValues);
    return keys.filter((k, i) => i === 0 || compareBoundValues(k, keys[i - 1]) !== 0);
  }

  /** The document's distinct keys in key order; `arrayPrefixes` per field as in `generateKeys`. */
  private build(doc: Doc): DocKeys {
    if (this.inIndex && !this.inIndex(doc)) return { entries: [], arrayPrefixes: [] };
    const { keys, arrayPrefixes } = generateKeys(doc, this.paths, !!this.spec.sparse);
    const entries = keys.map((raw) => ({ key: raw.map((v) => this.keyPart(v)), raw }));
    if (entries.length < 2) return { entries, arrayPrefixes };
    const order = (a: KeyEntry, b: KeyEntry) => this.compareKeys([...a.key, ''], [...b.key, '']);
    entries.sort(order);
    return { entries: entries.filter((e, i) => i === 0 || order(e, entries[i - 1]!) !== 0), arrayPrefixes };
  }

  /**
   * The keys of a document, built once for all the steps of one write (the uniqueness check, the removal
   * of the old keys, the insertion of the new ones): building them is most of an index's cost per write.
   * Throws as the write would (e.g. on parallel arrays).
   */
  keys(doc: Doc): DocKeys {
    return this.build(doc);
  }

  /** The key tuples a document contributes (none when a sparse or partial index leaves it out). */
  keysOf(doc: Doc): unknown[][] {
    return this.build(doc).entries.map((e) => e.key);
  }

  /** Whether two documents' keys are the same tuples (an update that leaves this index as it was). */
  sameKeys(a: DocKeys, b: DocKeys): boolean {
    if (a.entries.length !== b.entries.length) return false;
    // compareKeys reads one part past the fields (the id): equal ids make equal tuples compare on fields only.
    return a.entries.every((e, i) => this.compareKeys([...e.key, ''], [...b.entries[i]!.key, '']) === 0);
  }

  /** `id` is `idKey(doc._id)`; `keys` those of `doc`, when already built. */
  insert(doc: Doc, id: string, keys: DocKeys = this.build(doc)): void {
    this.noteArrays(keys);
    for (const { key } of keys.entries) this.tree.set([...key, id], id);
  }

  remove(doc: Doc, id: string, keys: DocKeys = this.build(doc)): void {
    for (const { key } of keys.entries) this.tree.delete([...key, id]);
  }

  /** Records the array paths a document's keys went through (mongod's multikey paths). */
  noteArrays(keys: DocKeys): void {
    keys.arrayPrefixes.forEach((prefixes, i) => prefixes.forEach((p) => this.multikeyPaths[i]!.add(p)));
  }

  /**
   * For a unique index: a key of `doc` that another document (not `selfId`) already holds, reported as
   * `{ field: value }` like the keyValue of mongod's E11000 error. Null when there is none.
   */
  findConflict(
    doc: Doc,
    selfId?: string,
    keys: DocKeys = this.build(doc),
  ): { keyValue: Record<string, unknown> } | null {
    for (const { key, raw } of keys.entries) {
      for (const [, id] of this.between([...key, LOW], [...key, HIGH], 1, false)) {
        if (id !== selfId) return { keyValue: Object.fromEntries(this.fields.map((f, i) => [f, raw[i]])) };
      }
    }
    return null;
  }

  /** Ids in index order (reversed for -1), lazily; a document with several keys in range comes more than once. */
  *scan(bounds: IndexBounds, direction: 1 | -1): Generator<string> {
    const prefixes = this.prefixes(bounds.equals);
    if (direction === -1) prefixes.reverse();
    for (const prefix of prefixes) {
      const [from, to] = this.searchKeys(prefix, bounds.range);
      for (const [, id] of this.between(from, to, direction, true)) yield id;
    }
  }

  /** Every combination of the equality values, in tree order. */
  private prefixes(equals: unknown[][]): unknown[][] {
    let prefixes: unknown[][] = [[]];
    equals.slice(0, this.fields.length).forEach((values, i) => {
      const keys = this.distinctKeys(values);
      if (this.directions[i] === -1) keys.reverse();
      prefixes = prefixes.flatMap((p) => keys.map((k) => [...p, k]));
    });
    return prefixes;
  }

  /** The first and last search keys (in tree order) of an interval on the field after the prefix. */
  private searchKeys(prefix: unknown[], range: Interval | undefined): [unknown[], unknown[]] {
    const position = prefix.length;
    if (!range || position >= this.fields.length)
      return [
        [...prefix, LOW],
        [...prefix, HIGH],
      ];
    const ascending = this.directions[position] === 1;
    const first = ascending ? range.low : range.high;
    const last = ascending ? range.high : range.low;
    const edge = (bound: Bound | undefined, isFirst: boolean): unknown[] => {
      if (!bound) return [...prefix, isFirst ? LOW : HIGH];
      // An inclusive bound takes every key holding the value; an exclusive one skips them all.
      return [...prefix, this.keyPart(bound.value), bound.inclusive === isFirst ? LOW : HIGH];
    };
    return [edge(first, true), edge(last, false)];
  }

  /** Tree entries from `from` to `to` (search keys, never stored keys); `count` adds the keys read to the stats. */
  private *between(from: unknown[], to: unknown[], direction: 1 | -1, count: boolean): Generator<[unknown[], string]> {
    const entries = direction === 1 ? this.tree.entries(from) : this.tree.entriesReversed(to);
    for (const entry of entries) {
      if (count) this.keysExamined++;
      if (direction === 1 ? this.compareKeys(entry[0], to) > 0 : this.compareKeys(entry[0], from) < 0) return;
      yield entry;
    }
  }
}
