import { randomBytes } from 'node:crypto';
import { normalizeUsername, usernameKey } from '../../shared/text';
import type { AppContext } from '../app-context';
import { isDuplicateKey } from '../lib/mongo-errors';
import { hashPassword } from './passwords';

/**
 * The contract's admin bootstrap. With ADMIN_USERNAME/ADMIN_PASSWORD: that account exists as an admin
 * with that password (an existing one is promoted, its password reset, its other sessions ended).
 * Without them: the first start on an empty database creates `admin` with a random password, logged once.
 */
export async function bootstrapAdmin(
  ctx: AppContext,
  config: { adminUsername?: string; adminPassword?: string },
): Promise<void> {
  const { User } = ctx.models;
  if (config.adminUsername && config.adminPassword) {
    const username = normalizeUsername(config.adminUsername);
    const passwordHash = await hashPassword(config.adminPassword);
    const user = await User.findOneAndUpdate(
      { usernameKey: usernameKey(username) },
      {
        $set: { role: 'admin', passwordHash, banned: false, banReason: null },
        $setOnInsert: { username, usernameKey: usernameKey(username), displayName: username, createdAt: ctx.now() },
      },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    const ended = await ctx.sessions.revokeAllOf(user!._id);
    if (ended.length)
      ctx.publish.sessionsRevoked({ userId: String(user!._id), sessionIds: ended, reason: 'signed-out-elsewhere' });
    ctx.logger.info({ username }, 'admin account from ADMIN_USERNAME is ready');
    return;
  }
  if (await User.exists({})) return;
  const password = randomBytes(12).toString('base64url');
  try {
    await User.create({
      username: 'admin',
      usernameKey: 'admin',
      displayName: 'Admin',
      passwordHash: await hashPassword(password),
      role: 'admin',
      createdAt: ctx.now(),
    });
  } catch (err) {
    if (isDuplicateKey(err)) return; // another instance starting at the same moment created it
    throw err;
  }
  ctx.logger.warn(
    `created the first admin account: username "admin", password "${password}" (shown once; set ADMIN_USERNAME/ADMIN_PASSWORD to choose)`,
  );
}
