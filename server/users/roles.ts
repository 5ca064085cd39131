import { Types } from 'mongoose';
import { objectIdString } from '../../shared/schemas';
import { z } from 'zod';
import { errors } from '../../shared/errors';
import { usernameKey } from '../../shared/text';
import { ROLE_RANK, type Actor, type AppContext } from '../app-context';
import { pathId } from '../lib/ids';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { logModeration } from '../moderation-log/log-moderation';
import { asRead, userChanged } from './role-guard';
import type { Role } from './user-model';
import { toPublicUser, type PublicUser } from './user-view';

/**
 * Only admins change roles; nobody changes their own; the last admin cannot be demoted; a banned user is
 * not promoted (a banned admin, or a moderator banned by a moderator, is a state no ban could make).
 */
export async function setRole(ctx: AppContext, actor: Actor, id: string, role: Role): Promise<PublicUser> {
  const { User } = ctx.models;
  const targetId = pathId(id, 'user');
  if (targetId.equals(actor.id)) throw errors.forbidden('You cannot change your own role.');
  const target = await User.findById(targetId).lean();
  if (!target) throw errors.notFound('No such user.');
  if (target.role === role) return toPublicUser(target);
  const promotion = ROLE_RANK[role] > ROLE_RANK[target.role];
  if (target.banned && promotion) throw errors.forbidden('A banned user cannot be promoted; unban them first.');
  const lastAdmin = () => errors.forbidden('The last admin cannot be demoted.');
  if (target.role === 'admin' && (await User.countDocuments({ role: 'admin' })) <= 1) throw lastAdmin();
  const asChecked = asRead(target, ['role', 'banned']);
  const updated = await User.findOneAndUpdate(asChecked, { $set: { role } }, { returnDocument: 'after' }).lean();
  if (!updated) throw userChanged();
  if (target.role === 'admin' && (await User.countDocuments({ role: 'admin' })) === 0) {
    // Two admins demoting each other at once both passed the check above (no transaction makes it one
    // step with the write): whoever finds no admin left undoes their own demotion, so one always remains.
    await User.updateOne({ _id: targetId, role }, { $set: { role: 'admin' } });
    throw lastAdmin();
  }
  await logModeration(ctx, actor, 'role', targetId, role);
  // A member no longer hears the moderators' queue, on whichever instance their sockets are.
  if (role === 'member') ctx.publish.moderation({ demoted: String(targetId) });
  return toPublicUser(updated);
}

const userCursor = z.object({ k: z.string(), id: objectIdString });

/** Users whose username starts with `query` (without regard to case), by username. */
export async function listUsers(ctx: AppContext, opts: { query?: string; limit: number; cursor?: string }) {
  const filter: Record<string, unknown> = {};
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor, userCursor);
    filter.$or = [{ usernameKey: { $gt: c.k } }, { usernameKey: c.k, _id: { $gt: new Types.ObjectId(c.id) } }];
  }
  if (opts.query) {
    // Keys hold only these characters (see usernameKey): any other one means no username starts with it.
    const prefix = usernameKey(opts.query);
    if (!/^[a-z0-9_-]*$/.test(prefix)) return { items: [], nextCursor: null };
    filter.usernameKey = { $regex: `^${prefix}` };
  }
  const users = await ctx.models.User.find(filter)
    .sort({ usernameKey: 1, _id: 1 })
    .limit(opts.limit + 1)
    .lean();
  const page = users.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toPublicUser),
    nextCursor: users.length > opts.limit && last ? encodeCursor({ k: last.usernameKey, id: String(last._id) }) : null,
  };
}
