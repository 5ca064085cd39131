// `GET /api/users/:id/history` read into one list the panel shows, newest first: the user's comments of
// every status, the reports they made and received, and the moderation actions about them.
import type { PublicComment, PublicUser, UserRef } from '../../../shared/types';

export interface HistoryUser extends PublicUser {
  suspendedUntil?: string | null;
  suspendReason?: string | null;
  premod?: boolean;
}

export type HistoryEntry =
  | { kind: 'comment'; at: string; comment: PublicComment }
  | { kind: 'report-made' | 'report-received'; at: string; comment?: PublicComment; reason: string; by?: UserRef }
  | { kind: 'action'; at: string; action: string; actor?: UserRef; reason: string | null };

export interface HistoryPage {
  user?: HistoryUser;
  entries: HistoryEntry[];
  nextCursor: string | null;
}

interface RawEntry {
  type?: string;
  kind?: string;
  at?: string;
  comment?: PublicComment;
  reason?: string | null;
  by?: UserRef;
  actor?: UserRef;
  action?: string;
}

/** The answer's items, each named by its `type` (or `kind`). */
export function readHistory(answer: unknown): HistoryPage {
  const raw = answer as { user?: HistoryUser; items?: RawEntry[]; nextCursor?: string | null };
  const entries = (raw.items ?? []).map(toEntry).filter((e): e is HistoryEntry => e !== undefined);
  return { user: raw.user, entries, nextCursor: raw.nextCursor ?? null };
}

function toEntry(item: RawEntry): HistoryEntry | undefined {
  const at = item.at ?? item.comment?.createdAt ?? '';
  switch (item.type ?? item.kind) {
    case 'comment':
      return item.comment && { kind: 'comment', at, comment: item.comment };
    case 'report-made':
    case 'report-received':
      return {
        kind: (item.type ?? item.kind) as 'report-made',
        at,
        comment: item.comment,
        reason: item.reason ?? '',
        by: item.by,
      };
    case 'action':
      return { kind: 'action', at, action: item.action ?? '', actor: item.actor, reason: item.reason ?? null };
    default:
      return undefined;
  }
}
