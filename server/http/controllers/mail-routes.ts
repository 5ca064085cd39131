import { Router, type Request } from 'express';
import { errors } from '../../../shared/errors';
import { passwordResetBody, passwordResetConfirmBody, updateMeBody } from '../../../shared/schemas';
import type { AppContext } from '../../app-context';
import { parseInput } from '../../lib/parse-input';
import { unsubscribe } from '../../mail/unsubscribe';
import { confirmPasswordReset, requestPasswordReset } from '../../users/password-reset';
import { confirmEmail, updateMe } from '../../users/update-me';
import { actorOf, requireSignedIn } from '../authenticate';

const tokenOf = (req: Request) => (typeof req.query.token === 'string' ? req.query.token : '');

/** Under /api/auth: the own mail settings, the confirmation link, and the password reset by mail. */
export function mailAccountRoutes(ctx: AppContext): Router {
  const router = Router();

  router.patch('/me', requireSignedIn, async (req, res) => {
    const input = parseInput(updateMeBody, req.body ?? {});
    res.json({ user: await updateMe(ctx, actorOf(req), input) });
  });

  // Opened from the mail: the answer is a page, which says how it went.
  router.get('/email/confirm', async (req, res) => {
    const confirmed = await confirmEmail(ctx, tokenOf(req));
    res.redirect(303, `/account?email=${confirmed ? 'confirmed' : 'invalid-link'}`);
  });

  router.post('/password-reset', async (req, res) => {
    const { username } = parseInput(passwordResetBody, req.body ?? {});
    await requestPasswordReset(ctx, username, req.ip ?? 'unknown');
    res.status(202).json({ ok: true });
  });

  router.post('/password-reset/confirm', async (req, res) => {
    await confirmPasswordReset(ctx, parseInput(passwordResetConfirmBody, req.body ?? {}));
    res.status(204).end();
  });

  return router;
}

/**
 * Under /api/mail, mounted before the JSON-only rule: a mail client's one-click unsubscribe (RFC 8058)
 * POSTs `List-Unsubscribe=One-Click` as a form, from no origin and without a session; the signed token in
 * the URL is all the authority. The body is not needed, so it is never parsed.
 */
export function unsubscribeRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/unsubscribe', async (req, res) => {
    if (!(await unsubscribe(ctx, tokenOf(req)))) throw errors.notFound('This unsubscribe link is not valid.');
    res.json({ emailNotifications: 'off' });
  });

  // The link in the mail's body: one click, then a page that says so.
  router.get('/unsubscribe', async (req, res) => {
    const done = await unsubscribe(ctx, tokenOf(req));
    res.redirect(303, `/account?mail=${done ? 'unsubscribed' : 'invalid-link'}`);
  });

  return router;
}
