/**
 * What rendered comment html may contain, as an oracle kept apart from the renderer's own options: only
 * the allow-listed tags, and as attributes only a[href, rel] (http, https or mailto; rel LINK_REL) and
 * ol[start]. Used on the renderer's output and on what the API answers.
 */
import { LINK_REL } from '../../server/comments/render';

const ALLOWED_TAGS = new Set([
  'p',
  'br',
  'em',
  'strong',
  's',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
]);
const ALLOWED_HREF = /^(?:https?:\/\/|mailto:)/;

// Tags, with their attributes; sanitize-html always writes attribute values in double quotes.
const TAG = /<\/?([a-z][a-z0-9]*)((?:\s+[a-z-]+="[^"]*")*)\s*\/?>/g;
const ATTRIBUTE = /\s([a-z-]+)="([^"]*)"/g;

/**
 * Every '<' in `html` opens an allow-listed tag (text shows '<' as &lt;), and the only attributes are
 * a[href, rel] and ol[start], with http, https or mailto hrefs.
 */
export function expectSafeHtml(html: string): void {
  const tags = [...html.matchAll(TAG)];
  expect(tags).toHaveLength(html.split('<').length - 1);
  for (const [, name = '', attributes = ''] of tags) {
    expect(ALLOWED_TAGS).toContain(name);
    const allowed = name === 'a' ? ['href', 'rel'] : name === 'ol' ? ['start'] : [];
    for (const [, attribute = '', value = ''] of attributes.matchAll(ATTRIBUTE)) {
      expect(allowed).toContain(attribute);
      if (attribute === 'href') expect(value).toMatch(ALLOWED_HREF);
      if (attribute === 'rel') expect(value).toBe(LINK_REL);
    }
  }
}
