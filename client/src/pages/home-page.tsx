// `/`: the articles, newest first, with comment counts kept live through `articles:watch`.
import { useEffect, useState } from 'preact/hooks';
import type { PublicArticle } from '../../../shared/types';
import { api, describeError, query } from '../lib/api';
import { setTitle } from '../lib/site';
import { socket } from '../lib/socket';
import { absoluteTime, relativeTime, useNow } from '../lib/time';
import { HostLink } from '../ui/host-link';

interface ArticlePage {
  items: PublicArticle[];
  nextCursor: string | null;
}

/** The contract's cap on one watch list. */
const WATCH_MAX = 100;

export function HomePage() {
  const [articles, setArticles] = useState<PublicArticle[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState('');
  const now = useNow();

  const load = (cursor?: string) =>
    api<ArticlePage>('GET', `/api/articles${query({ limit: 20, cursor })}`).then(
      (page) => {
        setArticles((old) => (cursor ? [...old, ...page.items] : page.items));
        setNext(page.nextCursor);
        setStatus('ready');
      },
      (err: unknown) => {
        setError(describeError(err));
        setStatus('error');
      },
    );

  useEffect(() => {
    setTitle();
    void load();
  }, []);

  const ids = articles
    .slice(0, WATCH_MAX)
    .map((a) => a.id)
    .join(',');
  useEffect(() => {
    if (!ids) return;
    const articleIds = ids.split(',');
    // Once the server watches, counts are read again: a comment posted between the list's load and the
    // watch would otherwise never be counted (also after a reconnect). A live count that arrives while
    // the list is read is newer than what the list says, so it is kept.
    const counted = new Set<string>();
    const refresh = () => {
      counted.clear();
      api<ArticlePage>('GET', `/api/articles${query({ limit: articleIds.length })}`).then(
        (page) => {
          const counts = new Map(page.items.map((a) => [a.id, a.commentCount]));
          for (const id of counted) counts.delete(id);
          setArticles((list) => list.map((a) => ({ ...a, commentCount: counts.get(a.id) ?? a.commentCount })));
        },
        () => undefined, // the live counts still come; the next reconnect reads them again
      );
    };
    const watch = () => socket.emit('articles:watch', { articleIds }, (ack) => ack.ok && refresh());
    const onCount = ({ articleId, commentCount }: { articleId: string; commentCount: number }) => {
      counted.add(articleId);
      setArticles((list) => list.map((a) => (a.id === articleId ? { ...a, commentCount } : a)));
    };
    socket.on('connect', watch);
    socket.on('article:count', onCount);
    if (socket.connected) watch();
    return () => {
      socket.off('connect', watch);
      socket.off('article:count', onCount);
      if (socket.connected) socket.emit('articles:watch', { articleIds: [] }, () => undefined);
    };
  }, [ids]);

  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">Latest articles</h1>
      {status === 'loading' && <p class="muted">Loading…</p>}
      {status === 'error' && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <ol class="article-list">
        {articles.map((article) => (
          <li key={article.id}>
            <h2>
              <a href={`/articles/${encodeURIComponent(article.slug)}`}>{article.title}</a>
            </h2>
            {article.summary && <p>{article.summary}</p>}
            <p class="meta">
              <time dateTime={article.publishedAt} title={absoluteTime(article.publishedAt)}>
                {relativeTime(article.publishedAt, now)}
              </time>{' '}
              ·{' '}
              <span class="count" data-article={article.id}>
                {article.commentCount === 1 ? '1 comment' : `${article.commentCount} comments`}
              </span>
              {article.locked && ' · locked'}
              {article.url && ' · '}
              <HostLink article={article} />
            </p>
          </li>
        ))}
      </ol>
      {next && (
        <button type="button" class="secondary" onClick={() => void load(next)}>
          More articles
        </button>
      )}
    </section>
  );
}
