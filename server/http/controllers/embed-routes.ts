/**
 * The API of embedded threads (contract v2): open a page's thread, look an article up by its page, and
 * the comment counts a host page shows beside its links.
 */
import { Router, type Request, type RequestHandler } from 'express';
import { errors } from '../../../shared/errors';
import { embedArticleBody, externalIdSchema, lookupQuery, pageUrlSchema } from '../../../shared/schemas';
import {
  countsOf,
  lookupArticle,
  openEmbeddedArticle,
  type ArticleKey,
  type EmbedPolicy,
} from '../../articles/embedded-articles';
import type { AppContext } from '../../app-context';
import { parseInput } from '../../lib/parse-input';

/** At most this many keys (url and externalId together) in one counts request. */
export const MAX_COUNT_KEYS = 100;

/** `POST /api/embed/articles`: anyone; 200 found, 201 created, 403 when the page's site may not embed. */
export function embedRoutes(ctx: AppContext, policy: EmbedPolicy): Router {
  const router = Router();
  router.post('/articles', async (req, res) => {
    const input = parseInput(embedArticleBody, req.body);
    const { article, created } = await openEmbeddedArticle(ctx, policy, input, req.ip ?? 'unknown');
    res.status(created ? 201 : 200).json({ article });
  });
  return router;
}

/** `GET /api/articles/lookup?externalId=…|url=…`. */
export function lookupHandler(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    res.json({ article: await lookupArticle(ctx, parseInput(lookupQuery, req.query)) });
  };
}

const COUNT_FIELDS = { url: pageUrlSchema, externalId: externalIdSchema } as const;
type CountField = keyof typeof COUNT_FIELDS;
const isCountField = (name: string): name is CountField => Object.hasOwn(COUNT_FIELDS, name);

/**
 * The keys in the order the query string gives them, `url` and `externalId` interleaved: `req.query`
 * groups repeated names, and a caller (the embed loader) pairs the answers with its keys by place.
 */
function countKeys(req: Request): ArticleKey[] {
  const at = req.originalUrl.indexOf('?');
  const params = [...new URLSearchParams(at < 0 ? '' : req.originalUrl.slice(at + 1))];
  const unknown = params.map(([name]) => name).filter((name) => !isCountField(name));
  if (unknown.length) {
    throw errors.validationFailed(Object.fromEntries(unknown.map((k) => [k, 'is not a known field'])));
  }
  if (params.length > MAX_COUNT_KEYS) {
    throw errors.validationFailed({ url: `at most ${MAX_COUNT_KEYS} keys in all` });
  }
  return params.map(([name, value]) => {
    const field = name as CountField;
    const parsed = COUNT_FIELDS[field].safeParse(value);
    if (!parsed.success) {
      throw errors.validationFailed({ [field]: parsed.error.issues[0]?.message ?? 'is not valid' });
    }
    return { [field]: parsed.data } as ArticleKey;
  });
}

/**
 * `GET /api/counts`: public numbers, readable by any page without credentials. The only answer with
 * `Access-Control-Allow-Origin: *`; it is mounted before the credentialed CORS policy and reads no session.
 */
export function countsHandler(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    const keys = countKeys(req);
    res.json({ counts: await countsOf(ctx, keys) });
  };
}
