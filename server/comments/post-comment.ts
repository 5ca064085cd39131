import type { Actor, Domain } from '../domain';
import { commitCommentChange, completeCommentChange } from '../events/pending-changes';
import { newPendingOp } from '../events/pending-op';
import { isDuplicateKey } from '../lib/mongo-errors';
import { queueReplyMail } from '../mail/reply-mail';
import { viewComments, type PublicComment } from './comment-view';
import { checkCreation, finishPendingCreation } from './creation-checks';
import { bodyId, pathId, settledComment, type StoredComment } from './load';
import { newCommentDoc } from './new-comment';

export interface PostCommentInput {
  articleId: string;
  body: string;
  parentId?: string | null;
  quoteId?: string | null;
  clientId?: string;
  /** The caller's address (its per-address key), for the per-address limit on posts. */
  from?: string;
}

/** The first comment stored with this clientId, finished (checked again first) if its event is not stored. */
async function replay(domain: Domain, existing: StoredComment, actor: Actor): Promise<PublicComment> {
  const op = existing.pendingOp;
  if (op?.type === 'comment.created' && !(await domain.eventLog.findByOp(op.id)))
    await finishPendingCreation(domain, { ...existing, pendingOp: op });
  else if (op) await completeCommentChange(domain, existing, op);
  const current = (await domain.models.Comment.findById(existing._id).lean<StoredComment>())!;
  const settled = (await settledComment(domain, current)) ?? current;
  return (await viewComments(domain.models, [settled], { moderator: actor.role !== 'member' }))[0]!;
}

/**
 * A post refused by a rate limit may be the retry of an earlier one (same clientId), which the contract
 * answers with its comment even over the limit. Finding out costs a store read, so a flood of refused
 * posts each carrying a new clientId would cost one read each: those look-ups have a small bucket of their
 * own per user (a client that lost an answer retries a few times, not hundreds); past it the refusal stands.
 */
async function retriedOverLimit(domain: Domain, actor: Actor, idem: Record<string, unknown> | undefined) {
  if (!idem) return null;
  try {
    await domain.limits.consume('replayLookup', String(actor.id));
  } catch {
    return null;
  }
  return retried(domain, actor, idem);
}

/** The comment this clientId already names, answered as the retry it is; null when there is none. */
async function retried(
  domain: Domain,
  actor: Actor,
  idem: Record<string, unknown> | undefined,
): Promise<{ comment: PublicComment; created: false } | null> {
  const existing = idem ? await domain.models.Comment.findOne(idem).lean<StoredComment>() : null;
  return existing ? { comment: await replay(domain, existing, actor), created: false } : null;
}

/**
 * Posting a comment, the same for REST and sockets. The rate limits first (per user and per address: a
 * refused flood never reaches the store), but a retry of an earlier post (same clientId) is answered even
 * over them (see retriedOverLimit). Then the
 * comment goes in with a pending creation event *beside* the checks (article, lock, parent, quote): one
 * round trip instead of two on the way to every reader. It stays invisible until its event is stored, and
 * is taken out when a check refuses the post. Then the event and the publication.
 */
export async function postComment(
  domain: Domain,
  actor: Actor,
  input: PostCommentInput,
): Promise<{ comment: PublicComment; created: boolean }> {
  const { Comment } = domain.models;
  const articleId = pathId(input.articleId, 'article');
  const parentId = input.parentId ? bodyId(input.parentId, 'parentId') : null;
  const quoteId = input.quoteId ? bodyId(input.quoteId, 'quoteId') : null;
  const idem = input.clientId ? { authorId: actor.id, articleId, clientId: input.clientId } : undefined;
  try {
    await domain.limits.consume('comment', String(actor.id));
    if (input.from !== undefined) await domain.limits.consume('commentAddress', input.from);
  } catch (err) {
    const retry = await retriedOverLimit(domain, actor, idem);
    if (retry) return retry;
    throw err;
  }

  const at = domain.now();
  const op = newPendingOp('comment.created', 1, at);
  const stored = newCommentDoc({
    articleId,
    authorId: actor.id,
    parentId,
    quoteId,
    body: input.body,
    rendered: domain.renderer.render(input.body),
    createdAt: at,
    op,
    clientId: input.clientId,
  });
  const [inserted, checked] = await Promise.allSettled([
    Comment.collection.insertOne(stored),
    checkCreation(domain, { articleId, parentId, quoteId }),
  ]);
  if (inserted.status === 'rejected') {
    // An earlier post with this clientId holds the unique index: answer with its comment.
    const retry = idem && isDuplicateKey(inserted.reason, 'clientId') ? await retried(domain, actor, idem) : null;
    if (retry) return retry;
    throw inserted.reason;
  }
  if (checked.status === 'rejected') {
    // Never seen by anyone (no event); if this delete fails, the repair job checks it again and drops it.
    await Comment.deleteOne({ _id: stored._id, 'pendingOp.id': op.id });
    // Unless a retry of this post (or the repair) checked it meanwhile, passed (a lock undone between the
    // two checks) and stored its event: then the post stands, and its comment is put back for that event.
    if (await domain.eventLog.findByOp(op.id)) {
      await Comment.collection.insertOne({ ...stored });
      return { comment: await replay(domain, stored, actor), created: false };
    }
    throw checked.reason;
  }
  // A new comment is visible, so the public view readers get is also the author's answer. The author is
  // the actor: no query for them.
  const author = { _id: actor.id, username: actor.username, displayName: actor.displayName };
  const viewAt = async (seq: number) =>
    (await viewComments(domain.models, [{ ...stored, seq }], { moderator: false, knownUsers: [author] }))[0]!;
  const { event, view } = await commitCommentChange(domain, stored, op, viewAt);
  queueReplyMail(domain, actor, stored);
  domain.counters.commentPosted();
  return { comment: view ?? (await viewAt(event.seq)), created: true };
}
