import { Router } from 'express';
import { notificationsQuery, readNotificationsBody } from '../../../shared/schemas';
import type { AppContext } from '../../app-context';
import { parseInput } from '../../lib/parse-input';
import { listNotifications, markNotificationsRead } from '../../notifications/inbox';
import { actorOf, requireSignedIn } from '../authenticate';

/** The signed-in user's own notifications (no one else's, whatever their role). */
export function notificationRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/', requireSignedIn, async (req, res) => {
    const q = parseInput(notificationsQuery, req.query);
    res.json(await listNotifications(ctx, actorOf(req), q));
  });

  router.post('/read', requireSignedIn, async (req, res) => {
    const which = parseInput(readNotificationsBody, req.body ?? {});
    res.json(await markNotificationsRead(ctx, actorOf(req), which));
  });

  return router;
}
