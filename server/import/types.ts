/** What the importer reads from an export, staged before anything visible is written (see run-import.ts). */

export type ImportFormat = 'disqus' | 'wordpress';

export interface ImportedAuthor {
  /** Deterministic: the same person in the same export (or a later one) is the same account. */
  key: string;
  name: string;
  /** A name to derive the username from (Disqus usernames), else the display name is used. */
  username?: string;
}

export interface StagedThread {
  _id: string;
  kind: 'thread';
  /** The article's importKey, e.g. `disqus:thread:123`. */
  key: string;
  title: string;
  url: string | null;
  externalId: string | null;
  /** Null when the export has none (a WordPress draft): the first comment's date is used. */
  createdAt: Date | null;
  closed: boolean;
  /** Why the whole thread is left out, if it is (e.g. deleted in Disqus). */
  skip: string | null;
  line: number;
}

/** How a post arrives: shown, deleted by its author, hidden by a moderator, or left out entirely. */
export type PostState = 'visible' | 'deleted' | 'removed' | 'skipped';

export interface StagedPost {
  _id: string;
  kind: 'post';
  /** The comment's importKey, e.g. `disqus:456`. */
  key: string;
  thread: string;
  parent: string | null;
  createdAt: Date;
  /** The message as HTML (Disqus) or WordPress's comment text (HTML with significant newlines). */
  message: string;
  state: PostState;
  /** Why: the reason shown in the summary for skipped posts, the removal reason for removed ones. */
  reason: string | null;
  author: ImportedAuthor;
  line: number;
}

export type StagedRow = StagedThread | StagedPost;

/** A fault in the file, with where it is. */
export class ImportInputError extends Error {
  constructor(readonly problems: string[]) {
    super(`the file cannot be imported:\n  ${problems.join('\n  ')}`);
  }
}

export const MAX_PROBLEMS = 20;
