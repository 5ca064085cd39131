// The answer of `GET /api/users/:id/history` (moderators): the user (with their per-user premod flag) and
// one list, newest first, of their comments of every status, the reports they made and received, and the
// moderation actions about them.
import type { PublicComment, PublicUser, UserRef } from '../../../shared/types';

export interface HistoryUser extends PublicUser {
  premod?: boolean;
}

/** An entry of the moderation log, as the log and a user's history list it. */
export interface LoggedAction {
  id: string;
  actor: UserRef;
  action: string;
  targetId: string;
  reason: string | null;
  at: string;
}

export type HistoryEntry =
  | { kind: 'comment'; at: string; comment: PublicComment }
  | {
      kind: 'report-made' | 'report-received';
      at: string;
      report: { commentId: string; by: UserRef; reason: string; status: string };
    }
  | { kind: 'action'; at: string; action: LoggedAction };

export interface HistoryPage {
  user: HistoryUser;
  items: HistoryEntry[];
  nextCursor: string | null;
}
