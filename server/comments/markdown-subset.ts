// The Markdown a comment may use, as a markdown-it instance, plus the masking of listed words and the
// plain text of a parsed body (for quote excerpts).
import MarkdownIt from 'markdown-it';
import { stripBidiControls } from '../../shared/text';
import { linkMentions } from './mention-links';

type Token = MarkdownIt.Token;
type Markdown = MarkdownIt.MarkdownIt;

// Built up from the 'zero' preset (paragraphs and text only) so that a rule added by a future markdown-it
// version stays off until someone chooses it. Left out on purpose: images, tables, headings, horizontal
// rules and raw HTML.
const ENABLED_RULES = [
  // blocks
  'blockquote',
  'code',
  'fence',
  'list',
  'reference',
  // inline
  'newline',
  'escape',
  'backticks',
  'emphasis',
  'strikethrough',
  'link',
  'autolink',
  'entity',
  // core and inline: bare URLs and e-mail addresses become links
  'linkify',
];

// Only absolute links with these schemes become <a>; anything else (javascript:, data:, relative paths,
// protocol-relative //host) stays visible as the text the author typed. markdown-it hands this check the
// decoded, percent-encoded URL, so entity or whitespace tricks such as `jav&#x09;ascript:` arrive as
// `jav%09ascript:` and fail it.
const ALLOWED_LINK = /^(?:https?:\/\/|mailto:)/i;

// Tokens whose content is shown as text (everything else is markup or a link target).
const TEXT_TOKENS = new Set(['text', 'code_inline', 'code_block', 'fence']);

/**
 * markdown-it for comment bodies. `maskText` runs over every text and code token after parsing, so words
 * are masked in what is shown and never inside a tag, an attribute or a link target: masking the token
 * stream sees the author's characters before any escaping, so a listed word such as "amp" cannot match
 * inside an entity like `&amp;` the way it could if masking walked the escaped HTML.
 */
export function createCommentMarkdown(maskText: (text: string) => string): Markdown {
  const md = new MarkdownIt('zero', {
    html: false,
    linkify: true,
    typographer: false,
    // A newline in a comment is a line break, as people expect in a comment box.
    breaks: true,
    // Caps the parser's recursion: blockquotes and lists nested deeper than this are dropped (markdown-it's
    // behaviour at the limit) and deeper inline markup stays literal text. No real comment nests 20 deep.
    maxNesting: 20,
  });
  md.enable(ENABLED_RULES);
  md.validateLink = (url) => ALLOWED_LINK.test(url.trim());
  // Last core rule, after 'text_join' has merged escapes and stray delimiters into whole text tokens.
  md.core.ruler.push('mask_words', (state) => {
    maskTokens(state.tokens, maskText);
  });
  md.core.ruler.push('mention_links', linkMentions);
  md.core.ruler.push('strip_link_bidi', (state) => {
    for (const token of state.tokens) if (token.children) stripBidiInLinks(token.children);
  });
  return md;
}

/**
 * A bidi override in link text can make the text lie about where it leads (`[safe\u202Egpj.exe](…)` shows
 * as "safeexe.jpg"): link text loses its bidi controls. Text outside links keeps them, since right-to-left
 * writers use them, and a paragraph ends any embedding an author leaves open.
 */
function stripBidiInLinks(inline: Token[]): void {
  let depth = 0;
  for (const token of inline) {
    if (token.type === 'link_open') depth++;
    else if (token.type === 'link_close') depth--;
    else if (depth > 0 && TEXT_TOKENS.has(token.type)) token.content = stripBidiControls(token.content);
  }
}

function maskTokens(tokens: Token[], maskText: (text: string) => string): void {
  for (const token of tokens) {
    if (TEXT_TOKENS.has(token.type)) token.content = maskText(token.content);
    if (token.children) maskTokens(token.children, maskText);
  }
}

/** The text a reader sees in the rendering of `tokens`, with all whitespace collapsed to single spaces. */
export function plainText(tokens: Token[]): string {
  const parts: string[] = [];
  collectText(tokens, parts);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

function collectText(tokens: Token[], parts: string[]): void {
  for (const token of tokens) {
    if (token.children) collectText(token.children, parts);
    else if (TEXT_TOKENS.has(token.type)) parts.push(token.content);
    // Block boundaries and line breaks separate words; inline markup (<em>, <a>, ...) does not.
    else if (token.block || token.type === 'softbreak' || token.type === 'hardbreak') parts.push(' ');
  }
}
