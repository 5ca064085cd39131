import { randomBytes } from 'node:crypto';
import type { Config } from './config';
import type { AppContext } from './app-context';
import { ensureWelcomeArticle } from './articles/welcome';
import { isDuplicateKey } from './lib/mongo-errors';
import { ensureIndexes, type Models } from './models';
import { bootstrapAdmin } from './users/bootstrap-admin';

/**
 * The cookie secret: SESSION_SECRET, else one generated on the first start and kept in the database, so
 * every instance and restart signs alike. Two instances starting together agree: the first insert wins.
 */
export async function loadSessionSecret(models: Models, config: Pick<Config, 'sessionSecret'>): Promise<string> {
  if (config.sessionSecret) return config.sessionSecret;
  const upsert = () =>
    models.Setting.findOneAndUpdate(
      { _id: 'session-secret' },
      { $setOnInsert: { value: randomBytes(32).toString('hex') } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
  // Two upserts racing on an empty database: one inserts, the other hits the unique _id; read the winner.
  const doc = await upsert().catch((err: unknown) => (isDuplicateKey(err) ? upsert() : Promise.reject(err)));
  return doc!.value;
}

/** Indexes, the admin account and the welcome article, before the server takes requests. */
export async function prepareData(ctx: AppContext, config: Pick<Config, 'admin'>): Promise<void> {
  await ensureIndexes(ctx.models);
  await bootstrapAdmin(ctx, { adminUsername: config.admin?.username, adminPassword: config.admin?.password });
  await ensureWelcomeArticle(ctx);
}
