import type { z } from 'zod';
import { moderationSettingsBody, type moderationSettingsSchema } from '../../shared/schemas';
import type { AppContext } from '../app-context';

/** What the site holds for review (api.md "Pre-moderation"); kept as one JSON value in the settings collection. */
export type ModerationSettings = z.infer<typeof moderationSettingsSchema>;

export const DEFAULT_MODERATION_SETTINGS: ModerationSettings = {
  premod: 'off',
  premodFirst: 1,
  holdLinks: false,
  suspectWords: [],
};

const SETTING_ID = 'moderation';

/**
 * Read for every post that could be held (one small document, read beside the post's other reads, shared
 * by overlapping posts: post-rounds.ts): an admin's change counts on every instance from the next post,
 * with no cache to invalidate.
 */
export async function readModerationSettings(ctx: AppContext): Promise<ModerationSettings> {
  const value = await ctx.rounds.setting(SETTING_ID);
  if (value === undefined) return DEFAULT_MODERATION_SETTINGS;
  let stored: unknown;
  try {
    stored = JSON.parse(value);
  } catch {
    stored = undefined;
  }
  // A value written by another version falls back field by field to the defaults.
  const parsed = moderationSettingsBody.safeParse(stored);
  return { ...DEFAULT_MODERATION_SETTINGS, ...(parsed.success ? parsed.data : {}) };
}

/** Changes the given fields (the others keep their values); answers the settings as they are now. */
export async function updateModerationSettings(
  ctx: AppContext,
  change: Partial<ModerationSettings>,
): Promise<ModerationSettings> {
  const next = { ...(await readModerationSettings(ctx)), ...change };
  next.suspectWords = [...new Set(next.suspectWords)];
  await ctx.models.Setting.updateOne({ _id: SETTING_ID }, { $set: { value: JSON.stringify(next) } }, { upsert: true });
  return next;
}
