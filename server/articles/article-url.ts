/**
 * An article's URL as it is stored and looked up (contract v2, embedding): scheme and host lower-cased,
 * the default port dropped, query and fragment dropped. Null for anything but an absolute http(s) URL.
 */
export function normalizeArticleUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return `${url.origin}${url.pathname}`;
}
