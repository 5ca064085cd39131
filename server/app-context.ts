import type { Types } from 'mongoose';
import type { Logger } from 'pino';
import { createRenderer, type CommentRenderer } from './comments/render';
import { createPostRounds, type PostRounds } from './comments/post-rounds';
import { createEventLog, type EventLog } from './events/event-log';
import { noPublisher, type Publisher } from './events/publisher';
import { createHeavyReads, type HeavyReads } from './limits/heavy-reads';
import type { DomainCounters } from './metrics';
import { noFaults, type FaultHook } from './lib/faults';
import type { Mail } from './mail/mail-service';
import type { Models } from './models';
import type { Role } from './users/user-model';
import { createSessionStore, type SessionStore } from './users/session-store';

/** Who is acting: the signed-in user behind a request or a socket. */
export interface Actor {
  id: Types.ObjectId;
  username: string;
  displayName: string;
  role: Role;
  sessionId: string;
  /** A suspension (pre-moderation, v2): set while one was given, read with the session; see users/suspension.ts. */
  suspendedUntil?: Date | null;
  suspendReason?: string | null;
  /** Every comment of this user is held for review. */
  premod?: boolean;
}

type LimitKind =
  | 'comment'
  | 'commentAddress'
  | 'replayLookup'
  | 'report'
  | 'reaction'
  | 'typing'
  | 'register'
  | 'loginAddress'
  | 'loginUser'
  | 'embedCreate'
  | 'passwordReset'
  | 'passwordResetAddress'
  | 'confirmEmail';

/** Per-user and per-address limits; each `consume` throws `rate_limited` when spent. */
export interface RateLimits {
  consume(kind: LimitKind, key: string): Promise<void>;
  /** A successful login clears the failures counted against that username and address. */
  reset(kind: 'loginUser', key: string): Promise<void>;
}

export const noLimits: RateLimits = { consume: async () => undefined, reset: async () => undefined };

/** Everything the use-cases need, built once per app from its dependencies (no globals). */
export interface AppContext {
  models: Models;
  eventLog: EventLog;
  /** The store commands of posts, shared by the posts that overlap (comments/post-rounds.ts). */
  rounds: PostRounds;
  renderer: CommentRenderer;
  sessions: SessionStore;
  limits: RateLimits;
  /** The process-wide bound on reads that build hundreds of items (limits/heavy-reads.ts). */
  heavyReads: HeavyReads;
  logger: Logger;
  now: () => Date;
  /** Stored events, reaction counts and ended sessions, for the live layer (events/publisher.ts). */
  publish: Publisher;
  counters: DomainCounters;
  /** Fault injection for the fault tests (lib/faults.ts); does nothing otherwise. */
  faults: FaultHook;
  /** Mail (server/mail/): undefined when SMTP_URL is not set. */
  mail: Mail | undefined;
}

export interface AppContextDeps {
  models: Models;
  logger: Logger;
  wordFilter: string[];
  limits?: RateLimits;
  now?: () => Date;
  counters?: DomainCounters;
  /** The instance's publisher, shared with its live layer; without one, what is published goes nowhere. */
  publisher?: Publisher;
  faults?: FaultHook;
  mail?: Mail;
}

export function createAppContext(deps: AppContextDeps): AppContext {
  const now = deps.now ?? (() => new Date());
  return {
    models: deps.models,
    eventLog: createEventLog(deps.models),
    rounds: createPostRounds(deps.models),
    renderer: createRenderer({ wordFilter: deps.wordFilter }),
    sessions: createSessionStore({ Session: deps.models.Session, now }),
    limits: deps.limits ?? noLimits,
    heavyReads: createHeavyReads(),
    logger: deps.logger,
    now,
    publish: deps.publisher ?? noPublisher,
    counters: deps.counters ?? { commentPosted: () => undefined, moderationAction: () => undefined },
    faults: deps.faults ?? noFaults,
    mail: deps.mail,
  };
}

export const ROLE_RANK: Record<Role, number> = { member: 0, moderator: 1, admin: 2 };
export const hasRole = (actor: Pick<Actor, 'role'>, role: Role): boolean => ROLE_RANK[actor.role] >= ROLE_RANK[role];
