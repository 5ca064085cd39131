/**
 * Keeping one article's thread exact on a client, as api.md "The live event log" asks: apply events in
 * seq order, drop any seq not above the last applied, repair a jump by paging `/events?after=`, apply
 * comment events as upserts by comment id, and hold live events that arrive before the join's
 * acknowledgement until `missed` is applied. Framework-free: runs in Node and the browser; the fetch of
 * `/events` is injected.
 */
import type { PublicComment, PublicEvent } from './types';
import { JOIN_MISSED_LIMIT } from './events';

export interface ThreadState {
  /** The comments in seq order, each once. */
  comments: PublicComment[];
  lastApplied: number;
  commentCount: number;
  locked: boolean;
}

export interface ThreadSyncOptions {
  articleId: string;
  /** One page of `GET /api/articles/:articleId/events?after=<after>`. */
  fetchEvents(after: number): Promise<{ items: PublicEvent[]; lastSeq: number }>;
  onChange?(state: ThreadState): void;
  initial?: { comments: PublicComment[]; lastSeq: number; commentCount?: number; locked?: boolean };
}

export interface ThreadSync {
  state(): ThreadState;
  /** From now on live events are held until `joined` is called. */
  beginJoin(): void;
  /** Applies `missed`, then the held events; repairs when `missed` was capped or `lastSeq` is ahead. */
  joined(ack: { lastSeq: number; missed: PublicEvent[] }): Promise<void>;
  onEvent(event: PublicEvent): Promise<void>;
  /** An `article:events` batch: its events in order, by the same rules as single events. */
  onEvents(events: PublicEvent[]): Promise<void>;
  onPresence(presence: { lastSeq: number }): Promise<void>;
  /** Pages `/events` until caught up; concurrent calls share one run. A failed fetch keeps the state. */
  repair(): Promise<void>;
}

export function createThreadSync(options: ThreadSyncOptions): ThreadSync {
  const byId = new Map<string, PublicComment>();
  let lastApplied = options.initial?.lastSeq ?? 0;
  let commentCount = options.initial?.commentCount ?? 0;
  let locked = options.initial?.locked ?? false;
  for (const comment of options.initial?.comments ?? []) byId.set(comment.id, comment);
  if (options.initial && options.initial.commentCount === undefined) commentCount = byId.size;

  /** Events held while joining or repairing, applied in seq order afterwards. */
  let held: PublicEvent[] | undefined;
  let joining = false;
  let running: Promise<void> | undefined;
  /** The highest seq the server is known to have. */
  let known = lastApplied;

  const state = (): ThreadState => ({
    comments: [...byId.values()].sort((a, b) => a.seq - b.seq),
    lastApplied,
    commentCount,
    locked,
  });

  const changed = () => options.onChange?.(state());

  /** Applies the next event in order; answers false on a jump (the caller repairs). */
  const applyOne = (event: PublicEvent): boolean => {
    if (event.articleId !== options.articleId || event.seq <= lastApplied) return true;
    if (event.seq > lastApplied + 1) {
      known = Math.max(known, event.seq);
      return false;
    }
    if (event.comment) byId.set(event.comment.id, event.comment);
    if (event.type === 'article.locked') locked = true;
    if (event.type === 'article.unlocked') locked = false;
    commentCount = event.commentCount;
    lastApplied = event.seq;
    known = Math.max(known, lastApplied);
    return true;
  };

  /** Applies what it can in seq order; answers whether a gap remains. */
  const applyAll = (events: PublicEvent[]): boolean => {
    const before = lastApplied;
    let gap = false;
    for (const event of [...events].sort((a, b) => a.seq - b.seq)) if (!applyOne(event)) gap = true;
    if (lastApplied !== before) changed();
    return gap || known > lastApplied;
  };

  const drainHeld = (): boolean => {
    const events = held ?? [];
    held = undefined;
    return applyAll(events);
  };

  const runRepair = async (): Promise<void> => {
    held ??= [];
    try {
      for (;;) {
        const page = await options.fetchEvents(lastApplied);
        known = Math.max(known, page.lastSeq);
        const from = lastApplied;
        applyAll(page.items);
        const pending = held;
        held = [];
        applyAll(pending);
        if (lastApplied >= known) break;
        if (lastApplied === from) break; // the server gave nothing new: stop rather than spin
      }
    } finally {
      if (!joining) {
        // Events held in the meantime that still jump stay for the next trigger's repair.
        const rest = held ?? [];
        held = undefined;
        applyAll(rest);
      }
    }
  };

  const repair = (): Promise<void> => {
    running ??= runRepair().finally(() => {
      running = undefined;
    });
    return running;
  };

  const onEvents = async (events: PublicEvent[]): Promise<void> => {
    const ours = events.filter((event) => event.articleId === options.articleId);
    if (ours.length === 0) return;
    if (held) {
      held.push(...ours);
      return;
    }
    if (applyAll(ours)) await repair();
  };

  return {
    state,
    repair,
    onEvent: (event) => onEvents([event]),
    onEvents,
    beginJoin() {
      joining = true;
      held ??= [];
    },
    async joined(ack) {
      joining = false;
      known = Math.max(known, ack.lastSeq);
      if (running) await running.catch(() => undefined);
      const missedGap = applyAll(ack.missed);
      const heldGap = drainHeld();
      if (missedGap || heldGap || ack.missed.length >= JOIN_MISSED_LIMIT || known > lastApplied) await repair();
    },
    async onPresence(presence) {
      if (presence.lastSeq <= lastApplied) return;
      known = Math.max(known, presence.lastSeq);
      if (!held) await repair();
    },
  };
}
