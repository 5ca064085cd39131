/**
 * The Socket.IO wire, typed once: what the client sends (with its acknowledgement) and what the server
 * sends. Server and client both import these maps; payloads are validated with the zod schemas of
 * shared/schemas.ts (joinPayload, articleRefPayload, watchPayload, postCommentPayload).
 */
import type { z } from 'zod';
import type { Notification, PublicComment, PublicEvent, ReactionCount, UserRef } from './types';
import type { ErrorBody } from './errors';
import type { articleRefPayload, joinPayload, postCommentPayload, watchPayload } from './schemas';

export type { Notification, PublicComment, PublicEvent, ReactionCount, UserRef };

export type JoinPayload = z.input<typeof joinPayload>;
export type ArticleRefPayload = z.input<typeof articleRefPayload>;
export type WatchPayload = z.input<typeof watchPayload>;
export type PostCommentPayload = z.input<typeof postCommentPayload>;

/** Every acknowledgement: `{ ok: true, ...answer }` or the error envelope's body. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorBody };

export interface Presence {
  articleId: string;
  /** Sockets that joined the article (watchers are not readers). */
  readers: number;
  typing: UserRef[];
  lastSeq: number;
}

export interface JoinAnswer {
  lastSeq: number;
  /** The events after `afterSeq`, at most JOIN_MISSED_LIMIT; page `/events` for more. */
  missed: PublicEvent[];
  presence: Presence;
}

export const JOIN_MISSED_LIMIT = 500;

export interface ClientToServerEvents {
  'article:join': (payload: JoinPayload, ack: (answer: Ack<JoinAnswer>) => void) => void;
  'article:leave': (payload: ArticleRefPayload, ack: (answer: Ack) => void) => void;
  'articles:watch': (payload: WatchPayload, ack: (answer: Ack) => void) => void;
  'comment:post': (payload: PostCommentPayload, ack: (answer: Ack<{ comment: PublicComment }>) => void) => void;
  /** Moderators only (members: `forbidden`); the payload is `{}` or absent. */
  'moderation:join': (payload: unknown, ack: (answer: Ack<{ counts: QueueCounts }>) => void) => void;
  /** No acknowledgement: typing is best-effort. */
  typing: (payload: ArticleRefPayload) => void;
}

/** The moderators' live queue (api.md "Pre-moderation"): what waits, and what was decided. */
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
/** A held comment (`pending`), or a reported one with its open reports; as the queue route lists them. */
export interface ModerationItem {
  kind: QueueKind;
  comment: PublicComment;
  reports?: QueueReport[];
}
export type DecidedAction = 'approve' | 'reject' | 'remove' | 'restore' | 'dismiss';
export interface ModerationDecided {
  commentId: string;
  action: DecidedAction;
  by: UserRef;
}

export type RevokedReason = 'banned' | 'logout' | 'signed-out-elsewhere' | 'account-deleted';

export interface ServerToClientEvents {
  'article:event': (event: PublicEvent) => void;
  /** To a socket that joined with `batch: true`, instead of `article:event`: events in seq order. */
  'article:events': (batch: { articleId: string; events: PublicEvent[] }) => void;
  presence: (presence: Presence) => void;
  'article:count': (count: { articleId: string; commentCount: number }) => void;
  /** Not an event of the seq log: at most once a second per comment, with the latest count. */
  'comment:reactions': (count: ReactionCount) => void;
  'session:revoked': (info: { reason: RevokedReason }) => void;
  /** To sockets that joined the moderation queue, from every instance: a comment held or first reported. */
  'moderation:item': (item: ModerationItem) => void;
  /** To sockets that joined the moderation queue, from every instance: a moderator's decision. */
  'moderation:decided': (decided: ModerationDecided) => void;
  /** To every signed-in socket of the recipient, on every instance; `unread` counts after this one. */
  notification: (news: NotificationNews) => void;
}

export interface NotificationNews {
  notification: Notification;
  unread: number;
}
