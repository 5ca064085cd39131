import { errors } from '../../shared/errors';
import type { UserDoc } from './user-model';

/**
 * Role changes and bans check the target's role in one read and write in another. Writing with the read
 * role (and ban state) in the filter makes the check and the write one step: when another request moved
 * the user in between, the write matches nothing and the caller answers 409 instead of acting on a stale
 * check (which is how a ban could land on someone just promoted to admin).
 */
export function asRead(target: Pick<UserDoc, '_id' | 'role' | 'banned'>, fields: ('role' | 'banned')[]) {
  const filter: Record<string, unknown> = { _id: target._id };
  for (const field of fields) filter[field] = target[field];
  return filter;
}

export const userChanged = () =>
  errors.conflict('This user changed (role or ban) while your request was on its way; reload and try again.');
