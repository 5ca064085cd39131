import type { Types } from 'mongoose';
import { COMMENT_BODY_MAX, commentBodyProblem, normalizeCommentBody, truncateCodePoints } from '../../shared/text';
import type { CommentStatus } from '../comments/comment-model';
import { newCommentDoc, type NewCommentDoc } from '../comments/comment-store';
import type { AppContext } from '../app-context';
import { recountReplies } from '../comments/reply-counts';
import { finishPendingChanges } from '../comments/change-events';
import type { PendingOp } from '../events/pending-op';
import { isDuplicateKey } from '../lib/mongo-errors';
import { htmlToMarkdown } from './html-to-markdown';
import type { ImportedAccounts } from './import-accounts';
import { importedId, importedOpId } from './import-ids';
import type { Staging } from './staging';
import type { OrderedPost } from './thread-order';
import type { ImportFormat, StagedPost } from './types';

/** Comments written per round: each round is a few bulk operations plus one event per comment. */
const BATCH = 250;

export interface ThreadTally {
  imported: number;
  existing: number;
  /** Stored but not shown, by why (deleted in Disqus, not approved in WordPress, empty). */
  hidden: Record<string, number>;
  truncated: number;
}

const STATUS: Record<StagedPost['state'], CommentStatus> = {
  visible: 'visible',
  deleted: 'deleted',
  removed: 'removed',
  skipped: 'removed',
};

/** The message as a body the app would take: Markdown, NFC, trimmed, within the length limit. */
function bodyOf(
  post: StagedPost,
  format: ImportFormat,
  tally: ThreadTally,
): { body: string; status: CommentStatus; reason: string | null } {
  let body = normalizeCommentBody(
    htmlToMarkdown(post.message, { newlinesAreBreaks: format === 'wordpress' }).replace(/\0/g, ''),
  );
  let status = STATUS[post.state];
  let reason = post.state === 'removed' ? post.reason : null;
  if (commentBodyProblem(body) === 'too_long') {
    body = truncateCodePoints(body, COMMENT_BODY_MAX).trimEnd();
    tally.truncated++;
  }
  if (!body && status === 'visible') {
    // Nothing left to show (an image-only or empty message): kept, hidden, so its replies keep their place.
    status = 'removed';
    reason = 'empty after import';
  }
  return { body, status, reason };
}

/** The comments of `posts` as stored, pending their events, from their staged rows. */
async function newComments(
  ctx: AppContext,
  deps: { staging: Staging; accounts: ImportedAccounts; format: ImportFormat },
  articleId: Types.ObjectId,
  posts: OrderedPost[],
  tally: ThreadTally,
): Promise<NewCommentDoc[]> {
  if (!posts.length) return [];
  const staged = new Map((await deps.staging.posts(posts.map((p) => p.key))).map((p) => [p._id, p]));
  const docs: NewCommentDoc[] = [];
  for (const { key, parent, parentAt } of posts) {
    const post = staged.get(key)!;
    const { body, status, reason } = bodyOf(post, deps.format, tally);
    const op: PendingOp = {
      id: importedOpId(key, post.createdAt),
      type: 'comment.created',
      countDelta: status === 'visible' ? 1 : 0,
      at: post.createdAt,
    };
    docs.push(
      newCommentDoc({
        _id: importedId(key, post.createdAt),
        articleId,
        authorId: await deps.accounts.idOf(post.author),
        parentId: parent && parentAt ? importedId(parent, parentAt) : null,
        quoteId: null,
        body,
        rendered: ctx.renderer.render(body),
        createdAt: post.createdAt,
        op,
        status,
        removedReason: reason,
        importKey: key,
      }),
    );
    const why = status === 'deleted' ? 'deleted' : status === 'removed' ? reason : null;
    if (why) tally.hidden[why] = (tally.hidden[why] ?? 0) + 1;
  }
  return docs;
}

/**
 * Writes one thread's comments and their comment.created events, in the given order, the app's own way:
 * each comment goes in invisible with its pending creation (comments/new-comment.ts), then the event log
 * numbers its event (events/pending-changes.ts: seq, commentCount, the article's counters), which makes
 * it visible. Ids are made from import keys, so a run started again after an interruption finds what is
 * there, finishes what was pending and adds only what is missing, in the same order: no duplicates, no gaps.
 */
export async function buildThread(
  ctx: AppContext,
  deps: { staging: Staging; accounts: ImportedAccounts; format: ImportFormat },
  articleId: Types.ObjectId,
  ordered: OrderedPost[],
  tally: ThreadTally,
  onWritten: (count: number) => void,
): Promise<void> {
  const { Comment } = ctx.models;
  for (let from = 0; from < ordered.length; from += BATCH) {
    const slice = ordered.slice(from, from + BATCH);
    // What an earlier run wrote is looked up first: finished comments cost nothing more (a second run).
    const ids = slice.map((p) => importedId(p.key, p.at));
    const found = await Comment.find({ _id: { $in: ids } }, { seq: 1, pendingOp: 1 }).lean();
    const existing = new Map(found.map((c) => [String(c._id), c]));
    const missing = await newComments(
      ctx,
      deps,
      articleId,
      slice.filter((_, i) => !existing.has(String(ids[i]))),
      tally,
    );
    if (missing.length) {
      await Comment.collection.insertMany(missing, { ordered: false }).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
    }
    // In thread order (the event log numbers them in the order given): new ones and those left pending.
    const newOp = new Map(missing.map((d) => [String(d._id), d.pendingOp!]));
    const unfinished = ids
      .map((_id) => ({ _id, found: existing.get(String(_id)) }))
      .filter(({ found }) => found?.seq == null)
      .map(({ _id, found }) => ({ _id, op: (found?.pendingOp as PendingOp | undefined) ?? newOp.get(String(_id))! }));
    await finishPendingChanges(ctx, articleId, unfinished);
    tally.imported += missing.length;
    tally.existing += slice.length - missing.length;
    onWritten(slice.length);
  }
  await recountReplies(ctx, articleId);
}
