import type { Types } from 'mongoose';
import {
  DISPLAY_NAME_MAX,
  displayNameProblem,
  normalizeDisplayName,
  truncateCodePoints,
  usernameKey,
} from '../../shared/text';
import type { AppContext } from '../app-context';
import { LruMap } from '../lib/lru-map';
import { isDuplicateKey } from '../lib/mongo-errors';
import type { ImportedAuthor } from './types';

/** Authors kept in memory between posts; past it, a miss costs one indexed read. */
const CACHED_AUTHORS = 10_000;

/** `Jane Doe` → `Jane_Doe`: the characters a username allows, 3 to 32 of them. */
export function usernameFrom(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '')
    .slice(0, 26);
  return base.length >= 3 ? base : `${base || 'guest'}_user`.replace(/^_/, '');
}

/** The author's name as a display name, made valid (invisible characters dropped, cut to 64). */
function displayNameFrom(name: string, username: string): string {
  const cleaned = truncateCodePoints(
    normalizeDisplayName(name).replace(/[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2028\u2029]/gu, ''),
    DISPLAY_NAME_MAX,
  ).trim();
  return displayNameProblem(cleaned) === null ? cleaned : username;
}

/**
 * The accounts of imported authors: one per author key, made on first sight. They have no password,
 * so nobody can sign in to them; their `importKey` marks them as imported. A username taken by someone
 * else gets the next free suffix (`jane-2`).
 */
export function createImportedAccounts(ctx: AppContext) {
  const { User } = ctx.models;
  const cache = new LruMap<string, Types.ObjectId>(CACHED_AUTHORS);
  let created = 0;

  async function create(author: ImportedAuthor): Promise<Types.ObjectId> {
    const base = usernameFrom(author.username ?? author.name);
    for (let n = 1; ; n++) {
      const username = n === 1 ? base : `${base}-${n < 20 ? n : Math.random().toString(36).slice(2, 8)}`;
      try {
        const user = await User.create({
          username,
          usernameKey: usernameKey(username),
          displayName: displayNameFrom(author.name, username),
          passwordHash: null,
          role: 'member',
          createdAt: ctx.now(),
          importKey: author.key,
        });
        created++;
        return user._id;
      } catch (err) {
        if (isDuplicateKey(err, 'importKey'))
          return (await User.findOne({ importKey: author.key }, { _id: 1 }).lean())!._id;
        if (!isDuplicateKey(err, 'usernameKey') || n > 40) throw err;
      }
    }
  }

  return {
    async idOf(author: ImportedAuthor): Promise<Types.ObjectId> {
      const known = cache.get(author.key) ?? (await User.findOne({ importKey: author.key }, { _id: 1 }).lean())?._id;
      const id = known ?? (await create(author));
      cache.set(author.key, id);
      return id;
    },
    created: () => created,
  };
}
export type ImportedAccounts = ReturnType<typeof createImportedAccounts>;
