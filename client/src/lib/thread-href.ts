/** A comment in its thread: the site's own permalink, or the host page for an embedded thread. */
export const threadHref = (c: { id: string; article: { slug: string; url: string | null } }) =>
  c.article.url ? `${c.article.url}#comment-${c.id}` : `/articles/${encodeURIComponent(c.article.slug)}?around=${c.id}`;
