/**
 * What the orchestrator (run.ts) and its load processes (load-readers.ts) say to each other over IPC, and
 * the one body format a post carries: the poster's send time, readable by every reader in every process.
 */

/** Which server a reader talks to: ours, or the bare Socket.IO baseline. */
export type Target = 'app' | 'baseline';

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

/** A post's body: a token naming it, and the moment it was sent. */
export const postBody = (token: string, sentAt: number): string => `bench ${token} ${sentAt.toFixed(3)}`;

export function parsePostBody(body: string): { token: string; sentAt: number } | undefined {
  const m = /^bench (\S+) (\d+\.\d+)/.exec(body);
  return m ? { token: m[1]!, sentAt: Number(m[2]) } : undefined;
}

/** The keys receipts are counted under: a created comment by its token, a removal by the comment's id. */
export const postKey = (token: string): string => `post:${token}`;
export const removalKey = (commentId: string): string => `removal:${commentId}`;

export type LoadCommand =
  /**
   * `batch`: app readers join with `batch: true` and get `article:events` (hot threads). `browser`: readers
   * connect as the web client does (long-polling, then the upgrade to websocket), not straight to websocket.
   */
  | {
      type: 'connect';
      id: number;
      target: Target;
      url: string;
      articleId: string;
      count: number;
      batch: boolean;
      browser: boolean;
    }
  /**
   * Waits (up to `waitMs`) until every connected reader has every expected key, then answers the
   * latencies and forgets them. `sentAt` is given for keys whose body does not carry it (removals).
   */
  | { type: 'collect'; id: number; keys: { key: string; sentAt?: number }[]; waitMs: number }
  | { type: 'disconnect'; id: number };

export interface Collected {
  /** receipt − send for every (key, reader) pair received, ms. */
  latencies: Float64Array;
  /** Expected receipts that never came. */
  missing: number;
  /** Per key: the latency of its last reader in this process (ms); absent when no reader got it. */
  lastByKey: Record<string, number>;
  /** Per key: the latency of its first reader (how long the server took before it sent anything). */
  firstByKey: Record<string, number>;
  /** `presence` frames the readers received since the last collect (the app sends them; the baseline not). */
  presenceFrames: number;
}

export type LoadReply =
  | { type: 'progress'; connected: number }
  | { type: 'connected'; id: number; connected: number }
  | { type: 'collected'; id: number; result: Collected; disconnected: number }
  | { type: 'disconnected'; id: number }
  | { type: 'failed'; id: number; message: string };
