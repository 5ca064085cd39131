import { errors } from '../../shared/errors';
import type { Actor, Domain } from '../domain';
import { commitCommentChange, completeCommentChange } from '../events/pending-changes';
import { newPendingOp, type PendingOp } from '../events/pending-op';
import { REPAIR_AFTER_MS } from '../events/repair';
import { isDuplicateKey } from '../lib/mongo-errors';
import { viewComments, type PublicComment } from './comment-view';
import { checkCreation, finishOldCreation } from './creation-checks';
import { bodyId, pathId, settledComment, type StoredComment } from './load';

export interface PostCommentInput {
  articleId: string;
  body: string;
  parentId?: string | null;
  quoteId?: string | null;
  clientId?: string;
}

/** How long a retry waits for the first attempt's writer to store the event or take the comment out. */
const WRITER_WAIT_MS = 3000;
const WRITER_POLL_MS = 50;

/**
 * A retry met the first attempt still pending without its event. Its writer, when alive, is still
 * checking (the comment goes in beside the checks) and will store the event or take the comment out: the
 * retry waits for that rather than finish a comment that may yet be refused. A pending creation older than
 * the repair's threshold has no writer left: the retry checks and finishes it itself.
 */
async function awaitFirstAttempt(domain: Domain, existing: StoredComment & { pendingOp: PendingOp }): Promise<StoredComment> {
  if (domain.now().getTime() - existing.pendingOp.at.getTime() >= REPAIR_AFTER_MS) {
    await finishOldCreation(domain, existing);
  } else {
    for (const until = Date.now() + WRITER_WAIT_MS; ; await new Promise((r) => setTimeout(r, WRITER_POLL_MS))) {
      const now = await domain.models.Comment.findById(existing._id).lean<StoredComment>();
      // Taken out: the first attempt was refused, and so is this one (checked again for its answer).
      if (!now) return checkCreation(domain, existing).then(() => Promise.reject(errors.conflict('The first attempt of this post was refused; post again.')));
      if (now.seq !== null || (await domain.eventLog.findByOp(existing.pendingOp.id))) break;
      if (Date.now() >= until) throw errors.unavailable([], 'The first attempt of this post is still being stored; try again.');
    }
  }
  return (await domain.models.Comment.findById(existing._id).lean<StoredComment>())!;
}

/** The first comment stored with this clientId, finished if its writer is gone. */
async function replay(domain: Domain, existing: StoredComment, actor: Actor): Promise<PublicComment> {
  const op = existing.pendingOp;
  if (op?.type === 'comment.created' && !(await domain.eventLog.findByOp(op.id))) await awaitFirstAttempt(domain, { ...existing, pendingOp: op });
  else if (op) await completeCommentChange(domain, existing, op);
  const current = (await domain.models.Comment.findById(existing._id).lean<StoredComment>())!;
  const settled = (await settledComment(domain, current)) ?? current;
  return (await viewComments(domain.models, [settled], { moderator: actor.role !== 'member' }))[0]!;
}

/** The comment this clientId already names, answered as the retry it is; null when there is none. */
async function retried(domain: Domain, actor: Actor, idem: Record<string, unknown> | undefined): Promise<{ comment: PublicComment; created: false } | null> {
  const existing = idem ? await domain.models.Comment.findOne(idem).lean<StoredComment>() : null;
  return existing ? { comment: await replay(domain, existing, actor), created: false } : null;
}

/**
 * Posting a comment, the same for REST and sockets. The rate limit first (a refused flood never reaches
 * the store), but a retry of an earlier post (same clientId) is answered even over the limit. Then the
 * comment goes in with a pending creation event *beside* the checks (article, lock, parent, quote): one
 * round trip instead of two on the way to every reader. It stays invisible until its event is stored, and
 * is taken out when a check refuses the post. Then the event and the publication.
 */
export async function postComment(domain: Domain, actor: Actor, input: PostCommentInput): Promise<{ comment: PublicComment; created: boolean }> {
  const { Comment } = domain.models;
  const articleId = pathId(input.articleId, 'article');
  const parentId = input.parentId ? bodyId(input.parentId, 'parentId') : null;
  const quoteId = input.quoteId ? bodyId(input.quoteId, 'quoteId') : null;
  const idem = input.clientId ? { authorId: actor.id, articleId, clientId: input.clientId } : undefined;
  try {
    await domain.limits.consume('comment', String(actor.id));
  } catch (err) {
    const retry = await retried(domain, actor, idem);
    if (retry) return retry;
    throw err;
  }

  const { html, excerpt } = domain.renderer.render(input.body);
  const at = domain.now();
  const op = newPendingOp('comment.created', 1, at);
  const [inserted, checked] = await Promise.allSettled([
    Comment.create({
      articleId,
      seq: null,
      pendingOp: op,
      parentId,
      quoteId,
      authorId: actor.id,
      body: input.body,
      html,
      excerpt,
      status: 'visible',
      createdAt: at,
      ...(input.clientId ? { clientId: input.clientId } : {}),
    }),
    checkCreation(domain, { articleId, parentId, quoteId }),
  ]);
  if (inserted.status === 'rejected') {
    // An earlier post with this clientId holds the unique index: answer with its comment.
    const retry = idem && isDuplicateKey(inserted.reason, 'clientId') ? await retried(domain, actor, idem) : null;
    if (retry) return retry;
    throw inserted.reason;
  }
  const stored = inserted.value.toObject() as unknown as StoredComment;
  if (checked.status === 'rejected') {
    // Never seen by anyone (no event); if this delete fails, the repair job checks it again and drops it.
    await Comment.deleteOne({ _id: stored._id, 'pendingOp.id': op.id });
    throw checked.reason;
  }
  // A new comment is visible, so the public view readers get is also the author's answer. The author is
  // the actor: no query for them.
  const author = { _id: actor.id, username: actor.username, displayName: actor.displayName };
  const viewAt = async (seq: number) => (await viewComments(domain.models, [{ ...stored, seq }], { moderator: false, knownUsers: [author] }))[0]!;
  const { event, view } = await commitCommentChange(domain, stored, op, viewAt);
  domain.counters.commentPosted();
  return { comment: view ?? (await viewAt(event.seq)), created: true };
}
