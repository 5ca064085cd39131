import { BSON, Long } from 'bson';
import { randomBytes } from 'node:crypto';
import { mongoError } from '../errors';
import { MAX_BSON_OBJECT_SIZE } from '../wire/protocol';
import type { Doc } from './values';

/** mongod's default first batch, and how long an unused cursor lives. */
export const DEFAULT_FIRST_BATCH = 101;
export const CURSOR_IDLE_MS = 10 * 60 * 1000;

interface Cursor {
  ns: string;
  docs: Doc[];
  position: number;
  transform: (doc: Doc) => Doc;
  lastUsed: number;
}

export interface Batch {
  /** 0 when exhausted. */
  id: Long;
  docs: Doc[];
}

// Leave room in a 16 MiB reply for the cursor envelope around the documents.
const BATCH_BYTES = MAX_BSON_OBJECT_SIZE - 64 * 1024;

/** Open cursors of the whole server; results are materialized, so a cursor never sees later writes. */
export class CursorStore {
  private readonly cursors = new Map<string, Cursor>();

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.cursors.size;
  }

  private static take(c: Cursor, batchSize: number): Doc[] {
    const out: Doc[] = [];
    let bytes = 0;
    while (c.position < c.docs.length && out.length < batchSize) {
      const doc = c.transform(c.docs[c.position]!);
      bytes += BSON.calculateObjectSize(doc);
      if (out.length > 0 && bytes > BATCH_BYTES) break;
      out.push(doc);
      c.position++;
    }
    return out;
  }

  /** The first batch; keeps a cursor only when documents remain and the caller wants more. */
  open(
    ns: string,
    docs: Doc[],
    opts: { batchSize?: number; singleBatch?: boolean; transform?: (d: Doc) => Doc },
  ): Batch {
    const cursor: Cursor = { ns, docs, position: 0, transform: opts.transform ?? ((d) => d), lastUsed: this.now() };
    const first = CursorStore.take(cursor, opts.batchSize ?? DEFAULT_FIRST_BATCH);
    if (opts.singleBatch || cursor.position >= docs.length) return { id: Long.ZERO, docs: first };
    const id = Long.fromBytesLE([...randomBytes(8)]).and(Long.MAX_VALUE);
    this.cursors.set(id.toString(), cursor);
    return { id, docs: first };
  }

  getMore(id: Long, ns: string, batchSize?: number): Batch {
    const key = id.toString();
    const cursor = this.cursors.get(key);
    if (!cursor) throw mongoError('CursorNotFound', `cursor id ${key} not found`);
    if (cursor.ns !== ns)
      throw mongoError(
        'Unauthorized',
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`,
      );
    cursor.lastUsed = this.now();
    const docs = CursorStore.take(cursor, batchSize && batchSize > 0 ? batchSize : Number.MAX_SAFE_INTEGER);
    if (cursor.position >= cursor.docs.length) {
      this.cursors.delete(key);
      return { id: Long.ZERO, docs };
    }
    return { id, docs };
  }

  kill(id: Long): boolean {
    return this.cursors.delete(id.toString());
  }

  /** Closes cursors idle for more than 10 minutes, as mongod does. */
  reap(): number {
    const limit = this.now() - CURSOR_IDLE_MS;
    let n = 0;
    for (const [key, c] of this.cursors) {
      if (c.lastUsed < limit) {
        this.cursors.delete(key);
        n++;
      }
    }
    return n;
  }

  clear(): void {
    this.cursors.clear();
  }
}
