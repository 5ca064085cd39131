import { errors } from '../../shared/errors';
import type { Actor, AppContext } from '../app-context';
import { confirmEmailMail } from '../mail/messages';
import { toOwnUser, type OwnUser } from './user-view';

export interface UpdateMeInput {
  displayName?: string;
  email?: string | null;
  emailNotifications?: 'off' | 'replies';
}

/**
 * The signed-in user changes their own name and mail settings. A new address starts unconfirmed and gets
 * a confirmation link; the same address again changes nothing (and sends nothing). Without mail set up,
 * the mail fields are refused rather than stored to no purpose.
 */
export async function updateMe(ctx: AppContext, actor: Actor, input: UpdateMeInput): Promise<OwnUser> {
  if (!ctx.mail) refuseMailFields(input);
  const { User } = ctx.models;
  const before = await User.findById(actor.id, { email: 1 }).lean();
  if (!before) throw errors.unauthenticated();
  const newEmail = input.email !== undefined && input.email !== before.email ? input.email : undefined;
  if (newEmail) await ctx.limits.consume('confirmEmail', String(actor.id));
  const set = {
    ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
    ...(input.emailNotifications !== undefined ? { emailNotifications: input.emailNotifications } : {}),
    ...(newEmail !== undefined ? { email: newEmail, emailConfirmed: false } : {}),
  };
  const user = await User.findOneAndUpdate({ _id: actor.id }, { $set: set }, { returnDocument: 'after' }).lean();
  if (!user) throw errors.unauthenticated();
  if (newEmail && ctx.mail) {
    const mail = confirmEmailMail(ctx.mail.links, { userId: String(user._id), email: newEmail }, ctx.now());
    await ctx.mail.queue.add(mail);
  }
  return toOwnUser(user);
}

function refuseMailFields(input: UpdateMeInput): void {
  const fields: Record<string, string> = {};
  for (const name of ['email', 'emailNotifications'] as const) {
    if (input[name] !== undefined) fields[name] = 'mail is not set up on this server';
  }
  if (Object.keys(fields).length) throw errors.validationFailed(fields, 'This server sends no mail.');
}

/**
 * The confirmation link: the signed token names the user and the address, so a link for an address the
 * user has since replaced confirms nothing. Answers whether the address is now confirmed.
 */
export async function confirmEmail(ctx: AppContext, token: string): Promise<boolean> {
  const named = ctx.mail?.links.confirmedEmail(token, ctx.now());
  if (!named) return false;
  const { matchedCount } = await ctx.models.User.updateOne(
    { _id: named.userId, email: named.email },
    { $set: { emailConfirmed: true } },
  );
  return matchedCount === 1;
}
