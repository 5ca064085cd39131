import { Router } from 'express';
import { editCommentBody, reasonBody, reportBody } from '../../../shared/schemas';
import { viewComments } from '../../comments/comment-view';
import { deleteComment, editComment } from '../../comments/edit-delete';
import { loadComment } from '../../comments/load';
import { hasRole, type Domain } from '../../domain';
import { removeComment, restoreComment } from '../../moderation/remove-restore';
import { dismissReports, reportComment } from '../../moderation/reports';
import { actorOf, requireRole, requireSignedIn } from '../authenticate';
import { parseInput } from '../validate';

export function commentRoutes(domain: Domain): Router {
  const router = Router();
  const id = (p: unknown) => p as string;

  router.get('/:id', async (req, res) => {
    const comment = await loadComment(domain, id(req.params.id));
    const moderator = !!req.actor && hasRole(req.actor, 'moderator');
    res.json({ comment: (await viewComments(domain.models, [comment], { moderator }))[0] });
  });

  router.patch('/:id', requireSignedIn, async (req, res) => {
    const { body } = parseInput(editCommentBody, req.body);
    res.json({ comment: await editComment(domain, actorOf(req), id(req.params.id), body) });
  });

  router.delete('/:id', requireSignedIn, async (req, res) => {
    res.json({ comment: await deleteComment(domain, actorOf(req), id(req.params.id)) });
  });

  router.post('/:id/remove', requireRole('moderator'), async (req, res) => {
    const { reason } = parseInput(reasonBody, req.body ?? {});
    res.json({ comment: await removeComment(domain, actorOf(req), id(req.params.id), reason ?? null) });
  });

  router.post('/:id/restore', requireRole('moderator'), async (req, res) => {
    res.json({ comment: await restoreComment(domain, actorOf(req), id(req.params.id)) });
  });

  router.post('/:id/report', requireSignedIn, async (req, res) => {
    const { reason } = parseInput(reportBody, req.body);
    await reportComment(domain, actorOf(req), id(req.params.id), reason);
    res.status(202).json({ ok: true });
  });

  router.post('/:id/reports/dismiss', requireRole('moderator'), async (req, res) => {
    const { reason } = parseInput(reasonBody, req.body ?? {});
    res.json(await dismissReports(domain, actorOf(req), id(req.params.id), reason ?? null));
  });

  return router;
}
