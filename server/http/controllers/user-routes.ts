import { Router } from 'express';
import { banBody, roleBody, userCommentsQuery, usersQuery } from '../../../shared/schemas';
import type { AppContext } from '../../app-context';
import { banUser, unbanUser } from '../../moderation/ban';
import { profileByName, userComments } from '../../authors/profiles';
import { listUsers, setRole } from '../../users/roles';
import { actorOf, requireRole } from '../authenticate';
import { parseInput } from '../../lib/parse-input';

export function userRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/', requireRole('moderator'), async (req, res) => {
    const q = parseInput(usersQuery, req.query);
    res.json(await listUsers(ctx, q));
  });

  // Profiles: anyone may read them.
  router.get('/by-name/:username', async (req, res) => {
    res.json({ user: await profileByName(ctx, req.params.username as string) });
  });

  router.get('/:id/comments', async (req, res) => {
    const q = parseInput(userCommentsQuery, req.query);
    res.json(await userComments(ctx, req.params.id as string, q));
  });

  router.put('/:id/role', requireRole('admin'), async (req, res) => {
    const { role } = parseInput(roleBody, req.body);
    res.json({ user: await setRole(ctx, actorOf(req), req.params.id as string, role) });
  });

  router.post('/:id/ban', requireRole('moderator'), async (req, res) => {
    const input = parseInput(banBody, req.body);
    res.json({ user: await banUser(ctx, actorOf(req), req.params.id as string, input) });
  });

  router.post('/:id/unban', requireRole('moderator'), async (req, res) => {
    res.json({ user: await unbanUser(ctx, actorOf(req), req.params.id as string) });
  });

  return router;
}
