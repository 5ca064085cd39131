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
import { oneWithReacted, withReacted } from '../../comments/viewer-reactions';
import { hasRole, type AppContext } from '../../app-context';
import { listEvents } from '../../comments/list-events';
import { addressKey } from '../../lib/client-address';
import { actorOf, requireRole, requireSignedIn } from '../authenticate';
import { parseInput } from '../../lib/parse-input';

export function articleRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    res.json(await listArticles(ctx, parseInput(articlesQuery, req.query)));
  });

  router.get('/:idOrSlug', async (req, res) => {
    res.json({ article: await getArticle(ctx, req.params.idOrSlug as string) });
  });

  router.post('/', requireRole('moderator'), async (req, res) => {
    const input = parseInput(createArticleBody, req.body);
    res.status(201).json({ article: await createArticle(ctx, actorOf(req), input) });
  });

  router.patch('/:id', requireRole('moderator'), async (req, res) => {
    const input = parseInput(updateArticleBody, req.body);
    res.json({ article: await updateArticle(ctx, actorOf(req), req.params.id as string, input) });
  });

  router.get('/:articleId/comments', async (req, res) => {
    const q = parseInput(commentsQuery, req.query);
    const moderator = !!req.actor && hasRole(req.actor, 'moderator');
    const articleId = req.params.articleId as string;
    const page = q.around
      ? await listAround(ctx, articleId, q.around, { limit: q.limit, moderator })
      : await listComments(ctx, articleId, { ...q, moderator });
    res.json({ ...page, items: await withReacted(ctx.models, req.actor?.id, page.items) });
  });

  router.post('/:articleId/comments', requireSignedIn, async (req, res) => {
    const input = parseInput(postCommentBody, req.body);
    const articleId = req.params.articleId as string;
    const from = addressKey(req.ip ?? '');
    const { comment, created } = await postComment(ctx, actorOf(req), { ...input, articleId, from });
    res.status(created ? 201 : 200).json({ comment: await oneWithReacted(ctx.models, actorOf(req).id, comment) });
  });

  router.get('/:articleId/events', async (req, res) => {
    const q = parseInput(eventsQuery, req.query);
    const moderator = !!req.actor && hasRole(req.actor, 'moderator');
    res.json(await listEvents(ctx, req.params.articleId as string, { ...q, moderator }));
  });

  return router;
}
