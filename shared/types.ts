/**
 * The contract's objects as they travel (JSON over REST and Socket.IO). Server views produce them and
 * the client reads them; kept here so that both import one definition.
 */
export interface UserRef {
  id: string;
  username: string;
  displayName: string;
}

export interface PublicUser extends UserRef {
  role: 'member' | 'moderator' | 'admin';
  banned: boolean;
  createdAt: string;
  /** Until when the user may not post, react or report (ISO time), or null. */
  suspendedUntil: string | null;
}

/** `pending` (held for review) and `rejected` are seen only by the author and moderators. */
export type CommentStatus = 'visible' | 'deleted' | 'removed' | 'pending' | 'rejected';
/** The signed-in user's own account (GET/PATCH /api/auth/me): never part of what others see. */
export interface OwnUser extends PublicUser {
  email: string | null;
  emailConfirmed: boolean;
  emailNotifications: 'off' | 'replies';
}

export interface PublicComment {
  id: string;
  articleId: string;
  seq: number;
  parentId: string | null;
  quote: { commentId: string; author: UserRef; excerpt: string } | null;
  author: UserRef;
  body: string;
  html: string;
  status: CommentStatus;
  createdAt: string;
  editedAt: string | null;
  editedBy: UserRef | null;
  /** How many readers reacted (REACTION_LABEL names the button). */
  reactions: number;
  /** Visible direct replies. */
  replyCount: number;
  /** Whether the signed-in viewer reacted; absent for anonymous readers and in events. */
  reacted?: boolean;
}

export interface ReactionCount {
  articleId: string;
  commentId: string;
  reactions: number;
}

export type EventType =
  | 'comment.created'
  | 'comment.edited'
  | 'comment.deleted'
  | 'comment.removed'
  | 'comment.restored'
  | 'article.locked'
  | 'article.unlocked';

export interface PublicEvent {
  articleId: string;
  seq: number;
  type: EventType;
  at: string;
  commentCount: number;
  comment?: PublicComment;
}

export interface PublicArticle {
  id: string;
  slug: string;
  title: string;
  summary: string;
  body?: string;
  html?: string;
  /** Null for an article created by opening an embedded thread. */
  author: UserRef | null;
  publishedAt: string;
  commentCount: number;
  locked: boolean;
  lastSeq: number;
  /** The page the thread belongs to (embedding, import), or null. */
  url: string | null;
  /** The host's own id of the article, or null. */
  externalId: string | null;
  /** Pre-moderation of this thread (single answers only): `inherit` follows the site's setting. */
  premod?: 'inherit' | 'off' | 'all';
}

export type NotificationType = 'reply' | 'mention' | 'moderation';

/** The comment a notification is about, with its article so the client can link into the thread. */
export interface NotificationComment {
  id: string;
  article: { id: string; slug: string; title: string; url: string | null };
  status: CommentStatus;
  /** The start of its text as the recipient may see it now: '' once it is hidden from them. */
  excerpt: string;
}

export interface Notification {
  id: string;
  type: NotificationType;
  comment: NotificationComment;
  /** Who replied or mentioned; null for a moderation decision (moderators act unnamed toward authors). */
  actor: UserRef | null;
  message: string;
  at: string;
  read: boolean;
}
