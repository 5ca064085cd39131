import type { Actor, AppContext } from '../app-context';

/** Resolves a session token to the acting user; null when the session or its user is gone or banned. */
export async function resolveActor(ctx: AppContext, token: string | undefined): Promise<Actor | null> {
  if (!token) return null;
  const session = await ctx.sessions.resolve(token);
  if (!session) return null;
  const user = await ctx.models.User.findById(session.userId, {
    username: 1,
    displayName: 1,
    role: 1,
    banned: 1,
  }).lean();
  if (!user || user.banned) return null;
  return {
    id: user._id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    sessionId: session.id,
  };
}
