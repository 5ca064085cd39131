import type { Types } from 'mongoose';
import type { OwnUser, PublicUser, UserRef } from '../../shared/types';
import type { UserModel } from './user-model';

export type { OwnUser, PublicUser, UserRef };

interface UserFields {
  _id: Types.ObjectId;
  username: string;
  displayName: string;
  role: string;
  banned: boolean;
  createdAt: Date;
  suspendedUntil?: Date | null;
}

export const toUserRef = (u: Pick<UserFields, '_id' | 'username' | 'displayName'>): UserRef => ({
  id: String(u._id),
  username: u.username,
  displayName: u.displayName,
});

export const toPublicUser = (u: UserFields): PublicUser => ({
  ...toUserRef(u),
  role: u.role as PublicUser['role'],
  banned: u.banned,
  createdAt: u.createdAt.toISOString(),
  suspendedUntil: u.suspendedUntil ? u.suspendedUntil.toISOString() : null,
});

/** The own view adds the mail settings; accounts stored before them read as having none. */
export const toOwnUser = (
  u: UserFields & { email?: string | null; emailConfirmed?: boolean | null; emailNotifications?: string | null },
): OwnUser => ({
  ...toPublicUser(u),
  email: u.email ?? null,
  emailConfirmed: u.email ? u.emailConfirmed === true : false,
  emailNotifications: u.emailNotifications === 'replies' ? 'replies' : 'off',
});

/** Shown for a reference to a user that no longer exists (accounts cannot be deleted in v1, but be safe). */
const UNKNOWN: Omit<UserRef, 'id'> = { username: 'unknown', displayName: 'Unknown' };

export type KnownUser = Pick<UserFields, '_id' | 'username' | 'displayName'>;

/** Loads the UserRefs of many ids in one query (none for the ids of `known` users). */
export async function loadUserRefs(
  User: UserModel,
  ids: Iterable<Types.ObjectId | null | undefined>,
  known: KnownUser[] = [],
): Promise<(id: Types.ObjectId) => UserRef> {
  const byId = new Map(known.map((u) => [String(u._id), toUserRef(u)]));
  const unique = [...new Set([...ids].filter((x): x is Types.ObjectId => !!x).map(String))].filter(
    (id) => !byId.has(id),
  );
  const users = unique.length ? await User.find({ _id: { $in: unique } }, { username: 1, displayName: 1 }).lean() : [];
  for (const u of users) byId.set(String(u._id), toUserRef(u));
  return (id) => byId.get(String(id)) ?? { id: String(id), ...UNKNOWN };
}
