import { Router } from 'express';
import { logQuery, reportsQuery } from '../../../shared/schemas';
import type { AppContext } from '../../app-context';
import { listModerationLog } from '../../moderation/list-log';
import { listReports } from '../../moderation/reports';
import { requireRole } from '../authenticate';
import { parseInput } from '../../lib/parse-input';

export function moderationRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(requireRole('moderator'));
  router.get('/reports', async (req, res) => {
    res.json(await listReports(ctx, parseInput(reportsQuery, req.query)));
  });
  router.get('/log', async (req, res) => {
    res.json(await listModerationLog(ctx, parseInput(logQuery, req.query)));
  });
  return router;
}
