import type { Domain } from '../domain';
import { loadArticle } from '../comments/load';
import { viewEvents } from './event-view';

/**
 * `/events?after=` (and `article:join` with afterSeq): stored events in seq order, each with its comment's
 * current public state. A heavy read (see limits/heavy-reads.ts).
 */
export function listEvents(domain: Domain, articleIdParam: string, opts: EventsOptions) {
  return domain.heavyReads.run(() => readEvents(domain, articleIdParam, opts));
}

interface EventsOptions {
  after: number;
  limit: number;
  moderator: boolean;
}

async function readEvents(domain: Domain, articleIdParam: string, opts: EventsOptions) {
  const article = await loadArticle(domain, articleIdParam);
  const events = await domain.eventLog.list(article._id, opts.after, opts.limit);
  const lastSeq = Math.max(article.lastSeq, events[events.length - 1]?.seq ?? 0);
  return { items: await viewEvents(domain.models, events, { moderator: opts.moderator }), lastSeq };
}
