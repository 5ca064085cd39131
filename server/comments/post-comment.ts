import type { Actor, AppContext } from '../app-context';
import { newPendingOp } from '../events/pending-op';
import { bodyId, pathId } from '../lib/ids';
import { isDuplicateKey } from '../lib/mongo-errors';
import { storeChangeEvent } from './change-events';
import { insertPending, newCommentDoc, takeOutRefused, type NewCommentDoc } from './comment-store';
import { viewComments, type PublicComment } from './comment-view';
import { checkCreation } from './creation-checks';
import { holdPendingCreation, holdsComment } from './hold';
import { mayTell, tellInBackground } from '../notifications/tell-comment';
import { limitOrReplay, replay, retried, type RetryAnswer, type SamePostFilter } from './post-retry';
import { readModerationSettings, type ModerationSettings } from './premod-settings';
import { assertNotSuspended } from '../users/suspension';

export interface PostCommentInput {
  articleId: string;
  body: string;
  parentId?: string | null;
  quoteId?: string | null;
  clientId?: string;
  /** The caller's address (its per-address key), for the per-address limit on posts. */
  from?: string;
}

/**
 * Posting a comment, the same for REST and sockets: the rate limits (or the answer to a retry of an
 * earlier post, even over them), then the comment goes in *beside* its checks, then its event is stored
 * and published; or, when the pre-moderation rules hold it (decided beside the checks too), no event: it
 * waits for a moderator.
 */
export async function postComment(
  ctx: AppContext,
  actor: Actor,
  input: PostCommentInput,
): Promise<{ comment: PublicComment; created: boolean }> {
  const articleId = pathId(input.articleId, 'article');
  const parentId = input.parentId ? bodyId(input.parentId, 'parentId') : null;
  const quoteId = input.quoteId ? bodyId(input.quoteId, 'quoteId') : null;
  const samePost = input.clientId ? { authorId: actor.id, articleId, clientId: input.clientId } : undefined;

  assertNotSuspended(ctx, actor);
  const overLimit = await limitOrReplay(ctx, actor, input.from, samePost);
  if (overLimit) return overLimit;

  const at = ctx.now();
  const comment = newCommentDoc({
    articleId,
    authorId: actor.id,
    parentId,
    quoteId,
    body: input.body,
    clientId: input.clientId,
    rendered: ctx.renderer.render(input.body),
    createdAt: at,
    op: newPendingOp('comment.created', 1, at),
    mayTell: mayTell({ parentId, body: input.body }),
  });
  const checked = await insertBesideChecks(ctx, actor, comment, samePost);
  if ('retry' in checked) return checked.retry;

  const { article, settings } = checked;
  if (await holdsComment(ctx, actor, comment, { settings, thread: article.premod })) {
    return { comment: await holdNewComment(ctx, actor, comment), created: true };
  }
  return { comment: await commitNewComment(ctx, actor, comment), created: true };
}

/**
 * The insert and the checks (article, lock, parent, quote) go at once: one round trip instead of two on
 * the way to every reader. The comment stays invisible until its event is stored, and is taken out when
 * a check refuses the post. Answers the earlier comment when this post turns out to be a retry, else
 * the article and the moderation settings (read beside the checks too) that decide whether it is held.
 */
async function insertBesideChecks(
  ctx: AppContext,
  actor: Actor,
  comment: NewCommentDoc,
  samePost: SamePostFilter,
): Promise<{ retry: RetryAnswer } | { article: CheckedArticle; settings: ModerationSettings }> {
  const op = comment.pendingOp;
  const [inserted, checked] = await Promise.allSettled([
    insertPending(ctx, comment),
    Promise.all([checkCreation(ctx, comment), readModerationSettings(ctx)]),
  ]);
  if (inserted.status === 'rejected') {
    // An earlier post with this clientId holds the unique index: answer with its comment.
    const retry = isDuplicateKey(inserted.reason, 'clientId') ? await retried(ctx, actor, samePost) : null;
    if (retry) return { retry };
    throw inserted.reason;
  }
  if (checked.status === 'rejected') {
    // Never seen by anyone (no event); if this delete fails, the repair job checks it again and drops it.
    await takeOutRefused(ctx, comment, op);
    // Unless a retry of this post (or the repair) checked it meanwhile, passed (a lock undone between the
    // two checks) and stored its event: then the post stands, and its comment is put back for that event.
    if (await ctx.eventLog.findByOp(op.id)) {
      await insertPending(ctx, comment);
      return { retry: { comment: await replay(ctx, comment, actor), created: false } };
    }
    throw checked.reason;
  }
  const [article, settings] = checked.value;
  return { article, settings };
}

type CheckedArticle = Awaited<ReturnType<typeof checkCreation>>;

/** Holds the new comment for review instead of storing its event; the author is answered with it, pending. */
async function holdNewComment(ctx: AppContext, actor: Actor, comment: NewCommentDoc): Promise<PublicComment> {
  const held = await holdPendingCreation(ctx, comment, comment.pendingOp);
  ctx.counters.commentPosted();
  return replay(ctx, held ? { ...comment, status: 'pending', pendingOp: null } : comment, actor);
}

/**
 * Stores and publishes the creation event; answers once it is durable. A new comment is visible, so the
 * public view readers get is also the author's answer; the author is the actor: no query for them.
 */
async function commitNewComment(ctx: AppContext, actor: Actor, comment: NewCommentDoc): Promise<PublicComment> {
  const author = { _id: actor.id, username: actor.username, displayName: actor.displayName };
  const viewAt = async (seq: number) =>
    (await viewComments(ctx.models, [{ ...comment, seq }], { moderator: false, knownUsers: [author] }))[0]!;
  const { event, view } = await storeChangeEvent(ctx, comment, comment.pendingOp, viewAt);
  ctx.counters.commentPosted();
  ctx.faults('post:before-tell');
  // Replies and mentions are told in the background: a notification or a mail never fails or delays the post.
  tellInBackground(ctx, actor, comment);
  return view ?? (await viewAt(event.seq));
}
