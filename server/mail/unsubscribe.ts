import type { AppContext } from '../app-context';

/**
 * The one-click unsubscribe (RFC 8058): the signed token names the user; reply mails are turned off.
 * Answers whether the token was genuine (a repeat click is fine: it turns off what is off).
 */
export async function unsubscribe(ctx: AppContext, token: string): Promise<boolean> {
  const userId = ctx.mail?.links.unsubscribedUser(token);
  if (!userId || !/^[0-9a-f]{24}$/.test(userId)) return false;
  await ctx.models.User.updateOne({ _id: userId }, { $set: { emailNotifications: 'off' } });
  return true;
}
