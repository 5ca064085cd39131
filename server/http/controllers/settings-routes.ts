import { Router } from 'express';
import { moderationSettingsBody } from '../../../shared/schemas';
import { readModerationSettings, updateModerationSettings } from '../../comments/premod-settings';
import type { AppContext } from '../../app-context';
import { parseInput } from '../../lib/parse-input';
import { requireRole } from '../authenticate';

/** The site's settings an admin changes at run time (`/api/settings/…`). */
export function settingsRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(requireRole('admin'));
  router.get('/moderation', async (_req, res) => {
    res.json({ settings: await readModerationSettings(ctx) });
  });
  router.put('/moderation', async (req, res) => {
    const change = parseInput(moderationSettingsBody, req.body ?? {});
    res.json({ settings: await updateModerationSettings(ctx, change) });
  });
  return router;
}
