// `/articles/:slug`: the article (its server-rendered html), then its live thread.
import { useEffect, useState } from 'preact/hooks';
import type { PublicArticle } from '../../../shared/types';
import { api, describeError } from '../lib/api';
import { session } from '../lib/session';
import { useStore } from '../lib/store';
import { setTitle } from '../lib/site';
import { absoluteTime } from '../lib/time';
import { ThreadSection } from '../thread/thread-section';
import { HostLink } from '../ui/host-link';

export function ArticlePage({ slug, around }: { slug: string; around?: string }) {
  const [article, setArticle] = useState<PublicArticle | null>(null);
  const [error, setError] = useState('');
  const { user } = useStore(session);

  useEffect(() => {
    let active = true;
    setError('');
    api<{ article: PublicArticle }>('GET', `/api/articles/${encodeURIComponent(slug)}`).then(
      ({ article }) => {
        if (!active) return;
        setArticle(article);
        setTitle(article.title);
      },
      (err: unknown) => active && setError(describeError(err)),
    );
    return () => {
      active = false;
    };
  }, [slug]);

  if (error)
    return (
      <p class="form-error" role="alert">
        {error}
      </p>
    );
  if (!article || (article.slug !== slug && article.id !== slug)) return <p class="muted">Loading…</p>;
  return (
    <>
      <article class="story" aria-labelledby="story-title">
        <h1 id="story-title">{article.title}</h1>
        {article.summary && <p class="summary">{article.summary}</p>}
        <p class="byline">
          {article.author && (
            <>
              By{' '}
              <strong>
                <bdi>{article.author.displayName}</bdi>
              </strong>{' '}
              ·{' '}
            </>
          )}
          <time dateTime={article.publishedAt}>{absoluteTime(article.publishedAt)}</time>
          {article.url && ' · '}
          <HostLink article={article} />
        </p>
        <div class="story-body rendered" dangerouslySetInnerHTML={{ __html: article.html ?? '' }} />
      </article>
      <ThreadSection article={article} user={user} around={around} />
    </>
  );
}
