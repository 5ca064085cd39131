// A comment body turned into what readers get: safe HTML and a plain-text excerpt for quotes, both with
// the configured words masked.
import sanitizeHtml from 'sanitize-html';
import { EXCERPT_MAX, normalizeText, truncateCodePoints } from '../../shared/text';
import { createCommentMarkdown, plainText } from './markdown-subset';
import { mentionedNames } from './mention-links';
import { createWordMasker } from './word-filter';

export const LINK_REL = 'nofollow ugc noopener';

// The second line of defence: markdown-it (html: false) already escapes every '<' the author typed, so
// this only ever removes something if the Markdown configuration is loosened by mistake. Only the tags
// the subset produces survive, links only with an http, https or mailto scheme, and every link gets
// LINK_REL (set here, so it overrides whatever rel might arrive).
const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'em', 'strong', 's', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a'],
  // `rel` is listed so that the transform's value survives; `ol start` keeps "3. item" numbered 3 (the
  // renderer only ever writes digits there).
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: LINK_REL }) },
};

export interface RendererOptions {
  /** Words and phrases shown as **** (whole words, any case). */
  wordFilter: readonly string[];
}

export interface RenderedComment {
  html: string;
  excerpt: string;
}

export interface CommentRenderer {
  /** Safe HTML for a comment body. */
  renderMarkdown(body: string): string;
  /** Plain text with the listed words masked (for text that is not Markdown). */
  maskText(text: string): string;
  /** The masked plain text of a body, whitespace collapsed, cut to `maxCodePoints` code points. */
  excerpt(body: string, maxCodePoints?: number): string;
  /** Both at once, parsing the body a single time (what creating or editing a comment stores). */
  render(body: string): RenderedComment;
  /** The usernames an `@username` in the body links to, in order, each once. */
  mentions(body: string): string[];
}

export function createRenderer({ wordFilter }: RendererOptions): CommentRenderer {
  const maskText = createWordMasker(wordFilter);
  const md = createCommentMarkdown(maskText);

  // NFC again here (bodies are stored NFC already) so that masking never depends on the caller.
  const parse = (body: string) => md.parse(normalizeText(body), {});
  const toHtml = (tokens: ReturnType<typeof parse>) =>
    sanitizeHtml(md.renderer.render(tokens, md.options, {}), SANITIZE_OPTIONS);
  // Masked before it is cut, so a listed word at the cut cannot show its first letters.
  const toExcerpt = (tokens: ReturnType<typeof parse>, maxCodePoints: number) =>
    truncateCodePoints(plainText(tokens), maxCodePoints).trimEnd();

  return {
    maskText,
    renderMarkdown: (body) => toHtml(parse(body)),
    excerpt: (body, maxCodePoints = EXCERPT_MAX) => toExcerpt(parse(body), maxCodePoints),
    render(body) {
      const tokens = parse(body);
      return { html: toHtml(tokens), excerpt: toExcerpt(tokens, EXCERPT_MAX) };
    },
    mentions: (body) => mentionedNames(parse(body)),
  };
}
