import { Router } from 'express';
import { changePasswordBody, deleteAccountBody } from '../../../shared/schemas';
import type { AppContext } from '../../app-context';
import { deleteAccount } from '../../authors/delete-account';
import { exportAccount } from '../../users/export-account';
import { changePassword } from '../../users/own-password';
import { actorOf, requireSignedIn } from '../authenticate';
import { clearSessionCookie } from '../session-cookie';
import { parseInput } from '../../lib/parse-input';

/** Account self-service under /api/auth: the signed-in user's own password, data and account. */
export function accountRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/password', requireSignedIn, async (req, res) => {
    const input = parseInput(changePasswordBody, req.body);
    res.json({ user: await changePassword(ctx, actorOf(req), input, req.ip ?? 'unknown') });
  });

  router.get('/me/export', requireSignedIn, async (req, res) => {
    const data = await exportAccount(ctx, actorOf(req));
    res.attachment(`account-${data.user.username}.json`);
    res.json(data);
  });

  router.delete('/me', requireSignedIn, async (req, res) => {
    const { password } = parseInput(deleteAccountBody, req.body ?? {});
    await deleteAccount(ctx, actorOf(req), password, req.ip ?? 'unknown');
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  return router;
}
