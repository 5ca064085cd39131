import type { AppContext } from '../app-context';
import { loadArticle } from '../articles/load-article';
import { viewEvents } from '../comments/event-view';

/**
 * `/events?after=` (and `article:join` with afterSeq): stored events in seq order, each with its comment's
 * current public state. A heavy read (see limits/heavy-reads.ts).
 */
export function listEvents(ctx: AppContext, articleIdParam: string, opts: EventsOptions) {
  return ctx.heavyReads.run(() => readEvents(ctx, articleIdParam, opts));
}

interface EventsOptions {
  after: number;
  limit: number;
  moderator: boolean;
}

async function readEvents(ctx: AppContext, articleIdParam: string, opts: EventsOptions) {
  const article = await loadArticle(ctx, articleIdParam);
  const events = await ctx.eventLog.list(article._id, opts.after, opts.limit);
  const lastSeq = Math.max(article.lastSeq, events[events.length - 1]?.seq ?? 0);
  return { items: await viewEvents(ctx.models, events, { moderator: opts.moderator }), lastSeq };
}
