import { Router } from 'express';
import {
  articlesQuery,
  commentsQuery,
  createArticleBody,
  eventsQuery,
  postCommentBody,
  updateArticleBody,
} from '../../../shared/schemas';
import { createArticle, getArticle, listArticles, updateArticle } from '../../articles/articles';
import { listAround, listComments } from '../../comments/list-comments';
import { postComment } from '../../comments/post-comment';
import { heldCommentsFor } from '../../comments/held-comments';
import { oneWithReacted, withReacted } from '../../comments/viewer-reactions';
import { hasRole, type Domain } from '../../domain';
import { listEvents } from '../../events/list-events';
import { addressKey } from '../../lib/client-address';
import { actorOf, requireRole, requireSignedIn } from '../authenticate';
import { parseInput } from '../../lib/parse-input';

export function articleRoutes(domain: Domain): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    res.json(await listArticles(domain, parseInput(articlesQuery, req.query)));
  });

  router.get('/:idOrSlug', async (req, res) => {
    res.json({ article: await getArticle(domain, req.params.idOrSlug as string) });
  });

  router.post('/', requireRole('moderator'), async (req, res) => {
    const input = parseInput(createArticleBody, req.body);
    res.status(201).json({ article: await createArticle(domain, actorOf(req), input) });
  });

  router.patch('/:id', requireRole('moderator'), async (req, res) => {
    const input = parseInput(updateArticleBody, req.body);
    res.json({ article: await updateArticle(domain, actorOf(req), req.params.id as string, input) });
  });

  router.get('/:articleId/comments', async (req, res) => {
    const q = parseInput(commentsQuery, req.query);
    const moderator = !!req.actor && hasRole(req.actor, 'moderator');
    const articleId = req.params.articleId as string;
    const page = q.around
      ? await listAround(domain, articleId, q.around, { limit: q.limit, moderator })
      : await listComments(domain, articleId, { ...q, moderator });
    const items = await withReacted(domain.models, req.actor?.id, page.items);
    // A signed-in reader's first page also carries the held comments they may see (pre-moderation).
    const firstPage = !q.cursor && !q.around;
    const held = firstPage && req.actor ? await heldCommentsFor(domain, req.actor, articleId) : undefined;
    res.json({ ...page, items, ...(held ? { held } : {}) });
  });

  router.post('/:articleId/comments', requireSignedIn, async (req, res) => {
    const input = parseInput(postCommentBody, req.body);
    const articleId = req.params.articleId as string;
    const from = addressKey(req.ip ?? '');
    const { comment, created } = await postComment(domain, actorOf(req), { ...input, articleId, from });
    res.status(created ? 201 : 200).json({ comment: await oneWithReacted(domain.models, actorOf(req).id, comment) });
  });

  router.get('/:articleId/events', async (req, res) => {
    const q = parseInput(eventsQuery, req.query);
    const moderator = !!req.actor && hasRole(req.actor, 'moderator');
    res.json(await listEvents(domain, req.params.articleId as string, { ...q, moderator }));
  });

  return router;
}
