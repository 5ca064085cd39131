import type { Connection } from 'mongoose';
import { articleModel } from './articles/article-model';
import { commentModel } from './comments/comment-model';
import { reactionModel } from './comments/reaction-model';
import { eventModel } from './events/event-model';
import { moderationLogModel } from './moderation-log/log-model';
import { reportModel } from './moderation/report-model';
import { settingModel } from './settings-model';
import { sessionModel } from './users/session-model';
import { revokedSsoTokenModel } from './users/sso-revocation-model';
import { userModel } from './users/user-model';

/** Every model, bound to one connection (no global mongoose), so two apps can run in one process. */
export function createModels(conn: Connection) {
  return {
    User: userModel(conn),
    Session: sessionModel(conn),
    Article: articleModel(conn),
    Comment: commentModel(conn),
    Reaction: reactionModel(conn),
    Event: eventModel(conn),
    Report: reportModel(conn),
    ModerationLog: moderationLogModel(conn),
    Setting: settingModel(conn),
    RevokedSsoToken: revokedSsoTokenModel(conn),
  };
}
export type Models = ReturnType<typeof createModels>;

/** Builds every index once at start-up (mongoose's autoIndex is off: see store.ts). */
export async function ensureIndexes(models: Models): Promise<void> {
  // init() builds indexes only when autoIndex is on, so ask for them explicitly.
  await Promise.all(
    Object.values(models).map(async (m) => {
      await m.init();
      await m.createIndexes();
    }),
  );
}
