import type { Types } from 'mongoose';
import { errors } from '../../shared/errors';
import type { Actor, Domain } from '../domain';
import { commitCommentChange, completeCommentChange } from '../events/pending-changes';
import { newPendingOp } from '../events/pending-op';
import { isDuplicateKey } from '../lib/mongo-errors';
import { viewComments, type PublicComment } from './comment-view';
import { bodyId, loadArticle, pathId, settledComment, type StoredComment } from './load';

export interface PostCommentInput {
  articleId: string;
  body: string;
  parentId?: string | null;
  quoteId?: string | null;
  clientId?: string;
}

/** The first comment stored with this clientId, finished if its writer died before its event. */
async function replay(domain: Domain, existing: StoredComment, actor: Actor): Promise<PublicComment> {
  if (existing.pendingOp) await completeCommentChange(domain, existing, existing.pendingOp);
  const fresh = (await domain.models.Comment.findById(existing._id).lean<StoredComment>())!;
  return (await viewComments(domain.models, [fresh], { moderator: actor.role !== 'member' }))[0]!;
}

async function checkReference(domain: Domain, articleId: Types.ObjectId, id: string, field: 'parentId' | 'quoteId') {
  const found = await domain.models.Comment.findById(bodyId(id, field), { articleId: 1, seq: 1, status: 1, pendingOp: 1 }).lean<StoredComment>();
  const ref = found && (await settledComment(domain, found));
  if (!ref || !ref.articleId.equals(articleId)) throw errors.validationFailed({ [field]: 'names no comment of this article' });
  if (field === 'quoteId' && ref.status !== 'visible') throw errors.validationFailed({ quoteId: 'names a comment that is not visible' });
  return ref._id;
}

/**
 * Posting a comment, the same for REST and sockets: an idempotent retry first (before rate limits and
 * locks, so a client that missed the answer can always retry), then the checks, then the comment with a
 * pending creation event, the event, and the publication.
 */
export async function postComment(domain: Domain, actor: Actor, input: PostCommentInput): Promise<{ comment: PublicComment; created: boolean }> {
  const { Comment } = domain.models;
  const articleId = pathId(input.articleId, 'article');
  const idem = input.clientId ? { authorId: actor.id, articleId, clientId: input.clientId } : undefined;
  // Both reads at once: they are independent, and each is a round trip on the way to every reader.
  const [article, existing] = await Promise.all([loadArticle(domain, articleId), idem ? Comment.findOne(idem).lean<StoredComment>() : null]);
  if (existing) return { comment: await replay(domain, existing, actor), created: false };
  await domain.limits.consume('comment', String(actor.id));
  if (article.locked) throw errors.forbidden('This thread is locked.');
  const parentId = input.parentId ? await checkReference(domain, article._id, input.parentId, 'parentId') : null;
  const quoteId = input.quoteId ? await checkReference(domain, article._id, input.quoteId, 'quoteId') : null;

  const { html, excerpt } = domain.renderer.render(input.body);
  const at = domain.now();
  const op = newPendingOp('comment.created', 1, at);
  let stored: StoredComment;
  try {
    const doc = await Comment.create({
      articleId: article._id,
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
    });
    stored = doc.toObject() as unknown as StoredComment;
  } catch (err) {
    // A concurrent retry with the same clientId won the unique index: answer with its comment.
    if (idem && isDuplicateKey(err, 'clientId')) {
      const existing = await Comment.findOne(idem).lean<StoredComment>();
      if (existing) return { comment: await replay(domain, existing, actor), created: false };
    }
    throw err;
  }
  // A new comment is visible, so the public view readers get is also the author's answer. The author is
  // the actor: no query for them.
  const author = { _id: actor.id, username: actor.username, displayName: actor.displayName };
  const viewAt = async (seq: number) => (await viewComments(domain.models, [{ ...stored, seq }], { moderator: false, knownUsers: [author] }))[0]!;
  const { event, view } = await commitCommentChange(domain, stored, op, viewAt);
  domain.counters.commentPosted();
  return { comment: view ?? (await viewAt(event.seq)), created: true };
}
