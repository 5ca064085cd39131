import { Parser } from 'htmlparser2';

/**
 * An imported message (Disqus HTML, WordPress comment text) as the comments' Markdown subset, so that it
 * is rendered by the same renderer and sanitiser as a new comment (comments/render.ts) and stays editable.
 * Kept: paragraphs, line breaks, links (http, https, mailto), bold, italics, strike-through, inline code,
 * code blocks, quotes and lists; an image becomes a link to it. Dropped with their content: script,
 * style and the like. Any other tag is dropped and its text kept. Text is escaped so that it shows as
 * written, never as Markdown. Safety does not rest on this: the renderer escapes every '<' and the
 * sanitiser keeps only its own tags.
 */
export function htmlToMarkdown(html: string, opts: { newlinesAreBreaks: boolean }): string {
  const stack: Frame[] = [{ tag: '', out: '', attrs: {} }];
  let dropped = 0; // depth inside script, style, …
  const top = () => stack[stack.length - 1]!;
  const inCode = () => stack.some((f) => f.tag === 'pre' || f.tag === 'code');
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (dropped || DROPPED.has(name)) {
          if (!VOID.has(name)) dropped++;
          return;
        }
        if (name === 'br') top().out += '\n';
        else if (name === 'img') top().out += image(attrs);
        else if (!VOID.has(name)) stack.push({ tag: name, out: '', attrs, items: 0 });
      },
      ontext(text) {
        if (dropped) return;
        if (inCode()) top().out += text;
        else
          top().out += escapeText(opts.newlinesAreBreaks ? text.replace(/\n[ \t]+/g, '\n') : text.replace(/\s+/g, ' '));
      },
      onclosetag(name) {
        if (dropped) {
          if (!VOID.has(name)) dropped--;
          return;
        }
        if (VOID.has(name) || stack.length === 1) return;
        const frame = stack.pop()!;
        const parent = top();
        parent.out += wrap(frame, parent);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.end(html);
  return stack[0]!.out
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

interface Frame {
  tag: string;
  out: string;
  attrs: Record<string, string>;
  /** Items so far, in a list. */
  items?: number;
}

const DROPPED = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'head',
  'title',
]);
const VOID = new Set(['br', 'img', 'hr', 'input', 'meta', 'link', 'wbr', 'source', 'area', 'col', 'param', 'track']);
const LINK = /^(https?:\/\/|mailto:)/i;

const block = (s: string) => (s.trim() ? `\n\n${s.trim()}\n\n` : '');

/** Emphasis markers hug the text (`** x **` is no emphasis): spaces move outside them. */
function inline(s: string, marker: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(s)!;
  return m[2] ? `${m[1]}${marker}${m[2]}${marker}${m[3]}` : s;
}

/** A link target in `<…>` form, which allows spaces and parentheses; `<`, `>` and newlines encoded. */
const target = (href: string) => `<${href.trim().replace(/[<>\s]/g, (c) => encodeURIComponent(c))}>`;

function image(attrs: Record<string, string>): string {
  const src = attrs.src ?? '';
  if (!LINK.test(src.trim())) return escapeText(attrs.alt ?? '');
  return `[${escapeText(attrs.alt?.trim() || 'image')}](${target(src)})`;
}

function wrap(frame: Frame, parent: Frame): string {
  const s = frame.out;
  switch (frame.tag) {
    case 'p':
    case 'div':
    case 'section':
    case 'article':
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
      return block(s);
    case 'b':
    case 'strong':
      return inline(s, '**');
    case 'i':
    case 'em':
      return inline(s, '*');
    case 's':
    case 'del':
    case 'strike':
      return inline(s, '~~');
    case 'code':
      return parent.tag === 'pre' ? s : codeSpan(s);
    case 'pre':
      return block(fence(s));
    case 'blockquote':
      return block(
        s
          .trim()
          .replace(/\n{3,}/g, '\n\n')
          .split('\n')
          .map((line) => `> ${line}`.trimEnd())
          .join('\n'),
      );
    case 'ul':
    case 'ol':
      return block(s);
    case 'li': {
      const n = (parent.items = (parent.items ?? 0) + 1);
      const marker = parent.tag === 'ol' ? `${n}. ` : '- ';
      const body = s
        .trim()
        .replace(/\n{2,}/g, '\n')
        .replace(/\n/g, `\n${' '.repeat(marker.length)}`);
      return `${n > 1 ? '\n' : ''}${marker}${body}`;
    }
    case 'a': {
      const href = frame.attrs.href?.trim() ?? '';
      if (!LINK.test(href)) return s;
      const text = s.trim();
      // A link whose text is its address is written bare: the renderer makes it a link again.
      if (!text || text === escapeText(href)) return href;
      return `[${text}](${target(href)})`;
    }
    default:
      return s;
  }
}

function codeSpan(s: string): string {
  const text = s.replace(/\n/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return text.trim() ? `${ticks}${pad}${text}${pad}${ticks}` : '';
}

function fence(s: string): string {
  const longest = Math.max(2, ...(s.match(/`{3,}/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}\n${s.replace(/^\n+|\n+$/g, '')}\n${ticks}`;
}

/**
 * Text shown as written: Markdown's inline characters are escaped everywhere, and what would start a
 * block (a quote, a list item, a fence) is escaped at the start of a line.
 */
export function escapeText(text: string): string {
  return text
    .replace(/[\\`*_[\]<>~&|]/g, '\\$&')
    .replace(/(^|\n)([ \t]*)([-+#>=]|\d+(?=[.)]))/g, (_m, start: string, indent: string, mark: string) =>
      /^\d/.test(mark) ? `${start}${indent}${mark}\\` : `${start}${indent}\\${mark}`,
    );
}
