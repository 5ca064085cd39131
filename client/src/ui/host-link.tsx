import type { PublicArticle } from '../../../shared/types';

/** An embedded article's text lives on the host's page: the native pages link there. */
export function HostLink({ article }: { article: Pick<PublicArticle, 'url'> }) {
  if (!article.url) return null;
  return (
    <a class="host-link" href={article.url} rel="noopener" target="_blank">
      on {new URL(article.url).host}
    </a>
  );
}
