import { errors } from '../../shared/errors';
import { deleteByAuthor } from '../comments/edit-delete';
import { commentIfCreated } from '../comments/load-comment';
import type { StoredComment } from '../comments/comment-store';
import type { Actor, AppContext } from '../app-context';
import { checkOwnPassword } from './own-password';

export const DELETED_NAME = 'deleted user';

/** Deletes each visible comment of the user through the author's own change path, so readers see it go. */
async function deleteCommentsOf(ctx: AppContext, authorId: Actor['id']): Promise<void> {
  const visible = await ctx.models.Comment.find({ authorId, status: 'visible' }).lean<StoredComment[]>();
  for (const found of visible) {
    const comment = await commentIfCreated(ctx, found);
    if (comment) await deleteByAuthor(ctx, comment);
  }
}

/**
 * An admin leaving gives up the role first, the way setRole demotes (users/roles.ts): two admins leaving
 * at once both pass the count, so whoever then finds no admin left takes the role back and is refused.
 */
async function stepDownAsAdmin(ctx: AppContext, userId: Actor['id']): Promise<void> {
  const { User } = ctx.models;
  const lastAdmin = () => errors.forbidden('The last admin cannot delete their account; make another admin first.');
  if ((await User.countDocuments({ role: 'admin' })) <= 1) throw lastAdmin();
  await User.updateOne({ _id: userId, role: 'admin' }, { $set: { role: 'member' } });
  if ((await User.countDocuments({ role: 'admin' })) === 0) {
    await User.updateOne({ _id: userId }, { $set: { role: 'admin' } });
    throw lastAdmin();
  }
}

/**
 * The owner deletes the account: the comments stay in their threads as `deleted`, the name becomes
 * "deleted user" (the username a unique placeholder, freeing the name), the password goes so nobody
 * signs in, and every session ends. The comments go first, so that a failure part-way leaves an account
 * its owner can still sign in to and delete again; a second pass catches a post that raced the deletion.
 */
export async function deleteAccount(ctx: AppContext, actor: Actor, password: string, address: string): Promise<void> {
  const { User } = ctx.models;
  const user = await checkOwnPassword(ctx, actor, password, address);
  if (user.role === 'admin') await stepDownAsAdmin(ctx, user._id);
  await deleteCommentsOf(ctx, user._id);
  const placeholder = `deleted-${String(user._id)}`;
  await User.updateOne(
    { _id: user._id },
    {
      $set: {
        username: placeholder,
        usernameKey: placeholder,
        displayName: DELETED_NAME,
        passwordHash: null,
        role: 'member',
      },
    },
  );
  const sessionIds = await ctx.sessions.revokeAllOf(user._id);
  ctx.publish.sessionsRevoked({ userId: String(user._id), sessionIds, reason: 'account-deleted' });
  await deleteCommentsOf(ctx, user._id);
}
