import BTree from 'sorted-btree';
import { mongoError } from '../errors';
import { checkIndexCollation, collationKeyFn, collationKind, type CollationKind } from './collation';
import { compareBoundValues, TypeEdge, type Bound, type IndexBounds, type Interval } from './index-bounds';
import type { IndexSpec } from './index-spec';
import { keyValuesAt } from './paths';
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

interface KeyEntry {
  /** The key as the index orders it (strings folded by the collation). */
  key: unknown[];
  /** The document's own values, for duplicate key errors. */
  raw: unknown[];
}

function cannotCreate(spec: IndexSpec, reason: string) {
  return mongoError('CannotCreateIndex', `Error in specification ${JSON.stringify({ key: spec.key, name: spec.name })} :: caused by :: ${reason}`);
}

function parseKeyPattern(spec: IndexSpec): { fields: string[]; directions: (1 | -1)[] } {
  const entries = Object.entries(spec.key ?? {});
  if (entries.length === 0) throw cannotCreate(spec, 'Index keys cannot be empty.');
  for (const [field, value] of entries) {
    if (typeof value === 'string') {
      throw cannotCreate(spec, UNSUPPORTED_TYPES.has(value) ? `'${value}' indexes are not supported by the embedded MongoDB-compatible server` : `Unknown index plugin '${value}'`);
    }
    if (field.startsWith('$') || field.split('.').some((part) => part === '')) {
      throw cannotCreate(spec, `Index key contains an illegal field name: '${field}'`);
    }
    // Like mongod, any positive number means ascending and any negative one descending.
    const n = numberOf(value);
    if (!(n > 0 || n < 0)) throw cannotCreate(spec, `Values in the index key pattern must be 1 or -1, found ${field}: ${String(value)}`);
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
  readonly directions: (1 | -1)[];
  readonly collation: CollationKind;
  /** Index keys read by scans since creation (the one that ends a range included), for statistics. */
  keysExamined = 0;
  private readonly tree: BTree<unknown[], string>;
  private readonly fold: ((v: unknown) => unknown) | null;
  private readonly inIndex: ((doc: Doc) => boolean) | null;
  /** Fields where some document met an array: their keys may repeat a document. Never reset, as mongod. */
  private readonly multikeyFields = new Set<number>();

  constructor(spec: IndexSpec, options: IndexStoreOptions = {}) {
    this.spec = spec;
    ({ fields: this.fields, directions: this.directions } = parseKeyPattern(spec));
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
    return this.multikeyFields.size > 0;
  }

  isMultikeyField(position: number): boolean {
    return this.multikeyFields.has(position);
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

  /** A field's key values, each once (by key), with the first document value that gave it. */
  private fieldEntries(values: unknown[]): { key: unknown; raw: unknown }[] {
    const entries = values.map((raw) => ({ key: this.keyPart(raw), raw }));
    if (entries.length < 2) return entries;
    entries.sort((a, b) => compareBoundValues(a.key, b.key));
    return entries.filter((e, i) => i === 0 || compareBoundValues(e.key, entries[i - 1]!.key) !== 0);
  }

  private build(doc: Doc): { entries: KeyEntry[]; arrayFields: number[] } {
    if (this.inIndex && !this.inIndex(doc)) return { entries: [], arrayFields: [] };
    const perField = this.fields.map((field) => keyValuesAt(doc, field));
    if (this.spec.sparse && perField.every((f) => f.missing)) return { entries: [], arrayFields: [] };

    // Arrays on two different paths would need one key per pair of elements: mongod refuses them.
    const arrayFields: number[] = [];
    perField.forEach((f, i) => {
      if (f.arrayPath === null) return;
      const first = arrayFields[0];
      if (first !== undefined && perField[first]!.arrayPath !== f.arrayPath) {
        throw mongoError('CannotIndexParallelArrays', `cannot index parallel arrays [${this.fields[first]}] [${this.fields[i]}]`);
      }
      arrayFields.push(i);
    });

    let entries: KeyEntry[] = [{ key: [], raw: [] }];
    for (const f of perField) {
      const options = this.fieldEntries(f.values);
      entries = entries.flatMap((e) => options.map((o) => ({ key: [...e.key, o.key], raw: [...e.raw, o.raw] })));
    }
    return { entries, arrayFields };
  }

  /** The key tuples a document contributes (none when a sparse or partial index leaves it out). */
  keysOf(doc: Doc): unknown[][] {
    return this.build(doc).entries.map((e) => e.key);
  }

  /** `id` is `idKey(doc._id)`. */
  insert(doc: Doc, id: string): void {
    const { entries, arrayFields } = this.build(doc);
    for (const i of arrayFields) this.multikeyFields.add(i);
    for (const { key } of entries) this.tree.set([...key, id], id);
  }

  remove(doc: Doc, id: string): void {
    for (const { key } of this.build(doc).entries) this.tree.delete([...key, id]);
  }

  /**
   * For a unique index: a key of `doc` that another document (not `selfId`) already holds, reported as
   * `{ field: value }` like the keyValue of mongod's E11000 error. Null when there is none.
   */
  findConflict(doc: Doc, selfId?: string): { keyValue: Record<string, unknown> } | null {
    for (const { key, raw } of this.build(doc).entries) {
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
      const keys = this.fieldEntries(values).map((e) => e.key);
      if (this.directions[i] === -1) keys.reverse();
      prefixes = prefixes.flatMap((p) => keys.map((k) => [...p, k]));
    });
    return prefixes;
  }

  /** The first and last search keys (in tree order) of an interval on the field after the prefix. */
  private searchKeys(prefix: unknown[], range: Interval | undefined): [unknown[], unknown[]] {
    const position = prefix.length;
    if (!range || position >= this.fields.length) return [[...prefix, LOW], [...prefix, HIGH]];
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
