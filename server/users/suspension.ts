import { errors } from '../../shared/errors';
import type { Actor, AppContext } from '../app-context';

/**
 * A suspended user reads and signs in but may not post, react or report until `suspendedUntil`; it
 * lapses by itself, being compared with now at each attempt (no job lifts it).
 */
export function assertNotSuspended(ctx: AppContext, actor: Pick<Actor, 'suspendedUntil' | 'suspendReason'>): void {
  const until = actor.suspendedUntil;
  if (!until || until.getTime() <= ctx.now().getTime()) return;
  throw errors.forbidden(`You are suspended until ${until.toISOString()}.`, {
    suspendedUntil: until.toISOString(),
    reason: actor.suspendReason ?? null,
  });
}
