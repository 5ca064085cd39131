import { Router } from 'express';
import { notificationsQuery, readNotificationsBody } from '../../../shared/schemas';
import type { Domain } from '../../domain';
import { parseInput } from '../../lib/parse-input';
import { listNotifications, markNotificationsRead } from '../../notifications/inbox';
import { actorOf, requireSignedIn } from '../authenticate';

/** The signed-in user's own notifications (no one else's, whatever their role). */
export function notificationRoutes(domain: Domain): Router {
  const router = Router();

  router.get('/', requireSignedIn, async (req, res) => {
    const q = parseInput(notificationsQuery, req.query);
    res.json(await listNotifications(domain, actorOf(req), q));
  });

  router.post('/read', requireSignedIn, async (req, res) => {
    const which = parseInput(readNotificationsBody, req.body ?? {});
    res.json(await markNotificationsRead(domain, actorOf(req), which));
  });

  return router;
}
