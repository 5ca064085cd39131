import { Router } from 'express';
import {
  banBody,
  historyQuery,
  roleBody,
  suspendBody,
  userCommentsQuery,
  userPremodBody,
  usersQuery,
} from '../../../shared/schemas';
import { userHistory } from '../../moderation/history';
import { setUserPremod, suspendUser, unsuspendUser } from '../../moderation/suspend';
import type { AppContext } from '../../app-context';
import { banUser, unbanUser } from '../../moderation/ban';
import { profileByName, userComments } from '../../authors/profiles';
import { listUsers, setRole } from '../../users/roles';
import { claimAccount } from '../../users/claim-account';
import { ownOrigin } from '../cross-site';
import { actorOf, requireRole } from '../authenticate';
import { parseInput } from '../../lib/parse-input';

export function userRoutes(ctx: AppContext, publicUrl?: string): Router {
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

  // A one-use link for an imported account's person (see claim-account.ts).
  router.post('/:id/claim', requireRole('admin'), async (req, res) => {
    res.status(201).json(await claimAccount(ctx, req.params.id as string, ownOrigin(req, publicUrl)));
  });

  router.post('/:id/ban', requireRole('moderator'), async (req, res) => {
    const input = parseInput(banBody, req.body);
    res.json({ user: await banUser(ctx, actorOf(req), req.params.id as string, input) });
  });

  router.post('/:id/unban', requireRole('moderator'), async (req, res) => {
    res.json({ user: await unbanUser(ctx, actorOf(req), req.params.id as string) });
  });

  router.post('/:id/suspend', requireRole('moderator'), async (req, res) => {
    const { until, reason } = parseInput(suspendBody, req.body);
    const input = { until: new Date(until), reason };
    res.json({ user: await suspendUser(ctx, actorOf(req), req.params.id as string, input) });
  });

  router.post('/:id/unsuspend', requireRole('moderator'), async (req, res) => {
    res.json({ user: await unsuspendUser(ctx, actorOf(req), req.params.id as string) });
  });

  router.put('/:id/premod', requireRole('moderator'), async (req, res) => {
    const { on } = parseInput(userPremodBody, req.body);
    res.json(await setUserPremod(ctx, actorOf(req), req.params.id as string, on));
  });

  router.get('/:id/history', requireRole('moderator'), async (req, res) => {
    res.json(await userHistory(ctx, req.params.id as string, parseInput(historyQuery, req.query)));
  });

  return router;
}
