import type { Types } from 'mongoose';
import type { AppContext } from '../app-context';
import { createWordMasker } from './word-filter';
import type { StoredComment } from './comment-store';
import type { PendingOp } from '../events/pending-op';
import type { Role } from '../users/user-model';
import { publishHeld } from '../moderation/notices';
import { readModerationSettings, type ModerationSettings } from './premod-settings';

/** What of the author the rules look at. */
export interface AuthorRules {
  id: Types.ObjectId;
  role: Role;
  /** Pre-moderation of this user (`PUT /api/users/:id/premod`). */
  premod?: boolean;
}

interface Candidate {
  articleId: Types.ObjectId;
  body: string;
  html: string;
}

/** The masker of the last suspect-word list seen: the list changes rarely, posts often. */
let suspectCache: { key: string; mask: (text: string) => string } | undefined;
function containsSuspectWord(words: string[], text: string): boolean {
  const key = JSON.stringify(words);
  if (suspectCache?.key !== key) suspectCache = { key, mask: createWordMasker(words) };
  return suspectCache.mask(text) !== text;
}

/**
 * Whether a new comment is held for review (api.md "Pre-moderation"). Moderators and admins are never
 * held. The thread's own setting (`all`, `off`) and the user's override the site's `premod` mode;
 * `holdLinks` and `suspectWords` look at the text and hold whatever the mode (they catch spam and abuse,
 * which a thread with pre-moderation off gets as well). `new-users`: held until the author has
 * `premodFirst` published comments (held ones count once approved).
 */
export async function holdsComment(ctx: AppContext, author: AuthorRules, c: Candidate): Promise<boolean> {
  if (author.role !== 'member') return false;
  const [settings, article] = await Promise.all([
    readModerationSettings(ctx),
    ctx.models.Article.findById(c.articleId, { premod: 1 }).lean(),
  ]);
  const thread = article?.premod ?? 'inherit';
  if (thread === 'all' || author.premod) return true;
  if (settings.holdLinks && /<a\s/i.test(c.html)) return true;
  if (settings.suspectWords.length && containsSuspectWord(settings.suspectWords, c.body)) return true;
  if (thread === 'off') return false;
  return siteModeHolds(ctx, author.id, settings);
}

async function siteModeHolds(ctx: AppContext, authorId: Types.ObjectId, settings: ModerationSettings) {
  if (settings.premod === 'all') return true;
  if (settings.premod === 'off') return false;
  // Published comments are those with a seq (deleted and removed ones too); this post has none yet.
  const published = await ctx.models.Comment.find({ authorId, seq: { $ne: null } }, { _id: 1 })
    .limit(settings.premodFirst)
    .lean();
  return published.length < settings.premodFirst;
}

/**
 * Holds a comment whose creation is pending instead of storing its event: `pending`, no mark, no seq.
 * Answers false when its event was stored meanwhile by a retry of the same post (or the repair) that
 * decided otherwise (settings changed in between): that post was published and stands, so the comment
 * is put back as it was published.
 */
export async function holdPendingCreation(ctx: AppContext, comment: StoredComment, op: PendingOp): Promise<boolean> {
  const { Comment } = ctx.models;
  const held = await Comment.updateOne(
    { _id: comment._id, 'pendingOp.id': op.id },
    { $set: { status: 'pending' }, $unset: { pendingOp: 1 } },
  );
  const event = await ctx.eventLog.findByOp(op.id);
  if (event) {
    await Comment.updateOne(
      { _id: comment._id },
      { $set: { status: 'visible', seq: event.seq }, $unset: { pendingOp: 1 } },
    );
    return false;
  }
  if (held.modifiedCount) await publishHeld(ctx, { ...comment, status: 'pending' as const });
  return true;
}
