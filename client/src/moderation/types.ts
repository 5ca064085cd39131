// The pre-moderation wire as the pages read it (contract v2, "Pre-moderation, the live queue,
// suspensions"). Declared here until shared/events.ts and shared/types.ts carry them (branch premod).
import type { PublicComment, UserRef } from '../../../shared/types';

export type QueueKind = 'pending' | 'reported';

export interface QueueCounts {
  pending: number;
  reported: number;
}

export interface QueueReport {
  by: UserRef;
  reason: string;
  at: string;
}

/** A held comment (`pending`) or a reported one with its open reports. */
export interface QueueItem {
  kind: QueueKind;
  comment: PublicComment;
  reports?: QueueReport[];
}

export type DecidedAction = 'approve' | 'reject' | 'remove' | 'restore' | 'dismiss';

export interface QueueDecided {
  commentId: string;
  action: DecidedAction;
  by: UserRef;
}

export type PremodMode = 'off' | 'all' | 'new-users';
export type ArticlePremod = 'inherit' | 'off' | 'all';

export interface ModerationSettings {
  premod: PremodMode;
  premodFirst: number;
  holdLinks: boolean;
  suspectWords: string[];
}

/** A comment's status including the held and rejected ones of v2. */
export const isHeld = (comment: { status: string }) => comment.status === 'pending';
export const isRejected = (comment: { status: string }) => comment.status === 'rejected';
