// The pre-moderation types the pages use (contract v2, "Pre-moderation, the live queue, suspensions"):
// the wire's from shared/, and the settings forms' own.
import type { PublicArticle } from '../../../shared/types';

export type {
  DecidedAction,
  ModerationDecided as QueueDecided,
  ModerationItem as QueueItem,
  QueueCounts,
  QueueKind,
} from '../../../shared/events';

export type PremodMode = 'off' | 'all' | 'new-users';
export type ArticlePremod = NonNullable<PublicArticle['premod']>;

export interface ModerationSettings {
  premod: PremodMode;
  premodFirst: number;
  holdLinks: boolean;
  suspectWords: string[];
}

/** Held for review: shown only to its author and to moderators. */
export const isHeld = (comment: { status: string }) => comment.status === 'pending';
export const isRejected = (comment: { status: string }) => comment.status === 'rejected';
