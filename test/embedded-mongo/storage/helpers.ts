import { Binary, Decimal128, Double, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStorage, type FileStorageOptions } from '../../../server/embedded-mongo/storage/file-storage';
import type { DatabaseState, JournalRecord } from '../../../server/embedded-mongo/storage/types';
import type { Doc } from '../../../server/embedded-mongo/engine/values';
import { idKey } from '../../../server/embedded-mongo/engine/compare';

/** A fresh directory per test, removed after it. */
export function useTempDir(): () => string {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'embedded-mongo-storage-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** A FileStorage whose log lines are kept for the test to read. */
export function fileStorage(
  dir: string,
  extra: Partial<FileStorageOptions> = {},
): { storage: FileStorage; logs: LogLine[] } {
  const logs: LogLine[] = [];
  const storage = new FileStorage({
    dbPath: dir,
    captureState: () => [],
    log: (level, message) => logs.push({ level, message }),
    ...extra,
  });
  return { storage, logs };
}

/** Opens the directory, returns what it recovered and closes it again. */
export async function reopen(dir: string): Promise<{ state: DatabaseState[]; logs: LogLine[] }> {
  const { storage, logs } = fileStorage(dir);
  const state = await storage.open();
  await storage.close();
  return { state, logs };
}

export const put = (doc: Doc, coll = 'c', db = 'test'): JournalRecord => ({ op: 'put', db, coll, doc });

/** The documents of one collection in a recovered state. */
export function docsOf(state: DatabaseState[], coll = 'c', db = 'test'): Doc[] {
  return state.find((d) => d.name === db)?.collections.find((c) => c.name === coll)?.docs ?? [];
}

export const journalPath = (dir: string, seq = 1): string => join(dir, `journal-${String(seq).padStart(6, '0')}.log`);

/** Offsets at which the frames of a journal or snapshot file start. */
export function frameOffsets(path: string): number[] {
  const bytes = readFileSync(path);
  const offsets: number[] = [];
  for (let at = 0; at + 8 <= bytes.length; at += 8 + bytes.readUInt32LE(at)) offsets.push(at);
  return offsets;
}

export const listDir = (dir: string): string[] => readdirSync(dir).sort();

/** Every BSON type the engine holds, in the representation engine/values.ts gives it. */
export function everyType(): Record<string, unknown> {
  return {
    _id: new ObjectId(),
    date: new Date('2024-02-29T12:34:56.789Z'),
    int: 42,
    fraction: 1.5,
    wholeDouble: new Double(1),
    bigDouble: 2 ** 40,
    negativeZero: -0,
    long: Long.fromString('9007199254740993'),
    decimal: Decimal128.fromString('1.10'),
    binary: new Binary(Buffer.from([0, 1, 2, 255])),
    userBinary: new Binary(Buffer.from('secret'), 0x80),
    nothing: null,
    text: 'héllo \u{1F600}',
    flag: false,
    regex: /ab+c/i,
    timestamp: new Timestamp({ t: 1700000000, i: 7 }),
    min: new MinKey(),
    max: new MaxKey(),
    nested: { list: [[1, 'two', [new Double(3)]], { deeper: [new Date(0), null] }], empty: {}, none: [] },
  };
}

/**
 * A stand-in for the engine: one collection held in memory and changed in the same tick as the change is
 * appended, which is what the storage's compaction expects of its caller.
 */
export class OneCollectionEngine {
  readonly docs = new Map<string, Doc>();
  storage!: FileStorage;

  static create(
    dir: string,
    extra: Partial<FileStorageOptions> = {},
  ): { engine: OneCollectionEngine; logs: LogLine[] } {
    const engine = new OneCollectionEngine();
    const { storage, logs } = fileStorage(dir, { captureState: () => engine.state(), ...extra });
    engine.storage = storage;
    return { engine, logs };
  }

  async open(): Promise<void> {
    for (const doc of docsOf(await this.storage.open())) this.docs.set(idKey(doc._id), doc);
  }

  put(doc: Doc): Promise<void> {
    this.docs.set(idKey(doc._id), doc);
    return this.storage.append([put(doc)]);
  }

  del(id: unknown): Promise<void> {
    this.docs.delete(idKey(id));
    return this.storage.append([{ op: 'del', db: 'test', coll: 'c', id }]);
  }

  state(): DatabaseState[] {
    return [{ name: 'test', collections: [{ name: 'c', options: {}, indexes: [], docs: [...this.docs.values()] }] }];
  }
}
