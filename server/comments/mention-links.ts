// `@username` in a comment's text becomes a link to that profile. The same tokens tell the notifications
// who was mentioned, so what a reader sees linked and who is told are one and the same.
import type MarkdownIt from 'markdown-it';

type Token = MarkdownIt.Token;
type StateCore = Parameters<MarkdownIt.MarkdownIt['core']['ruler']['push']>[1] extends (state: infer S) => unknown
  ? S
  : never;

// A name as usernames are made (USERNAME_PATTERN), after start or a character that cannot be part of an
// address or a name: `mail@host` and `a@bob` are not mentions.
const MENTION = /(^|[^A-Za-z0-9_@.-])@([A-Za-z0-9_-]{3,32})(?![A-Za-z0-9_-])/g;

/** The profile page of a username (relative: the server's own pages). */
export const profilePath = (username: string) => `/users/${encodeURIComponent(username)}`;

/**
 * A core rule, run after masking (a masked name has `*` and so is never linked) and linkify (text inside
 * links and code is left alone).
 */
export function linkMentions(state: StateCore): void {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const out: Token[] = [];
    let depth = 0;
    for (const token of block.children) {
      if (token.type === 'link_open') depth++;
      else if (token.type === 'link_close') depth--;
      if (token.type === 'text' && depth === 0) out.push(...splitMentions(state, token));
      else out.push(token);
    }
    block.children = out;
  }
}

function splitMentions(state: StateCore, token: Token): Token[] {
  const text = token.content;
  const parts: Token[] = [];
  let last = 0;
  for (const m of text.matchAll(MENTION)) {
    const start = m.index + m[1]!.length;
    const name = m[2]!;
    if (start > last) parts.push(textToken(state, text.slice(last, start), token.level));
    const open = new state.Token('link_open', 'a', 1);
    open.attrs = [['href', profilePath(name)]];
    open.meta = { mention: name };
    open.level = token.level;
    parts.push(open, textToken(state, `@${name}`, token.level + 1));
    const close = new state.Token('link_close', 'a', -1);
    close.level = token.level;
    parts.push(close);
    last = start + 1 + name.length;
  }
  if (last === 0) return [token];
  if (last < text.length) parts.push(textToken(state, text.slice(last), token.level));
  return parts;
}

function textToken(state: StateCore, content: string, level: number): Token {
  const t = new state.Token('text', '', 0);
  t.content = content;
  t.level = level;
  return t;
}

/** The usernames mentioned in parsed tokens, in order, each once (compared without regard to case). */
export function mentionedNames(tokens: Token[]): string[] {
  const seen = new Map<string, string>();
  const walk = (list: Token[]) => {
    for (const t of list) {
      const name = (t.meta as { mention?: string } | null)?.mention;
      if (name && !seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
      if (t.children) walk(t.children);
    }
  };
  walk(tokens);
  return [...seen.values()];
}
