import { Router, type Request } from 'express';
import { editCommentBody, reasonBody, reportBody } from '../../../shared/schemas';
import type { PublicComment } from '../../../shared/types';
import { deleteComment, editComment } from '../../comments/edit-delete';
import { getComment } from '../../comments/get-comment';
import { setReaction } from '../../comments/react';
import { oneWithReacted } from '../../comments/viewer-reactions';
import type { AppContext } from '../../app-context';
import { removeComment, restoreComment } from '../../moderation/remove-restore';
import { dismissReports, reportComment } from '../../moderation/reports';
import { actorOf, requireRole, requireSignedIn } from '../authenticate';
import { parseInput } from '../../lib/parse-input';

export function commentRoutes(ctx: AppContext): Router {
  const router = Router();
  const id = (p: unknown) => p as string;
  // A comment answered to the one who changed it, with their `reacted`.
  const asSeenBy = (req: Request, comment: PublicComment) => oneWithReacted(ctx.models, actorOf(req).id, comment);

  router.get('/:id', async (req, res) => {
    res.json({ comment: await getComment(ctx, req.actor, id(req.params.id)) });
  });

  router.put('/:id/reaction', requireSignedIn, async (req, res) => {
    res.json(await setReaction(ctx, actorOf(req), id(req.params.id), true));
  });

  router.delete('/:id/reaction', requireSignedIn, async (req, res) => {
    res.json(await setReaction(ctx, actorOf(req), id(req.params.id), false));
  });

  router.patch('/:id', requireSignedIn, async (req, res) => {
    const { body } = parseInput(editCommentBody, req.body);
    res.json({ comment: await asSeenBy(req, await editComment(ctx, actorOf(req), id(req.params.id), body)) });
  });

  router.delete('/:id', requireSignedIn, async (req, res) => {
    res.json({ comment: await asSeenBy(req, await deleteComment(ctx, actorOf(req), id(req.params.id))) });
  });

  router.post('/:id/remove', requireRole('moderator'), async (req, res) => {
    const { reason } = parseInput(reasonBody, req.body ?? {});
    const removed = await removeComment(ctx, actorOf(req), id(req.params.id), reason ?? null);
    res.json({ comment: await asSeenBy(req, removed) });
  });

  router.post('/:id/restore', requireRole('moderator'), async (req, res) => {
    res.json({ comment: await asSeenBy(req, await restoreComment(ctx, actorOf(req), id(req.params.id))) });
  });

  router.post('/:id/report', requireSignedIn, async (req, res) => {
    const { reason } = parseInput(reportBody, req.body);
    await reportComment(ctx, actorOf(req), id(req.params.id), reason);
    res.status(202).json({ ok: true });
  });

  router.post('/:id/reports/dismiss', requireRole('moderator'), async (req, res) => {
    const { reason } = parseInput(reasonBody, req.body ?? {});
    res.json(await dismissReports(ctx, actorOf(req), id(req.params.id), reason ?? null));
  });

  return router;
}
