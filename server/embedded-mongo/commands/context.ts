import type { Catalog } from '../engine/catalog';
import type { WriteBatch } from '../engine/collection';
import type { CursorStore } from '../engine/cursors';
import type { QueryStats } from '../engine/query';
import type { Doc } from '../engine/values';

export interface ServerParameters {
  /** How often expired TTL documents are deleted; settable with `setParameter`, as on mongod. */
  ttlMonitorSleepSecs: number;
}

export interface ServerStats extends QueryStats {
  opcounters: { insert: number; query: number; update: number; delete: number; getmore: number; command: number };
  connections: { current: number; totalCreated: number };
  ttlDeleted: number;
}

/** What every command handler can reach. */
export interface ServerContext {
  catalog: Catalog;
  cursors: CursorStore;
  stats: ServerStats;
  params: ServerParameters;
  startedAt: Date;
  /** Makes the batch durable; the command replies after this resolves. */
  commit(batch: WriteBatch): Promise<void>;
}

export interface CommandRequest {
  /** The database the command was sent to (`$db`). */
  db: string;
  /** The command document; its first key is the command name. */
  cmd: Doc;
  connectionId: number;
  /** `performance.now()` past which the command fails with MaxTimeMSExpired (its `maxTimeMS`); none without. */
  deadline?: number;
}

export type CommandHandler = (req: CommandRequest, server: ServerContext) => Doc | Promise<Doc>;
