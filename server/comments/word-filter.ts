// The configured word list, turned into one function that masks those words in plain text.
import { normalizeText } from '../../shared/text';

export const MASK = '****';

// A "word character" for the whole-word rule: letters, digits, combining marks and '_', in any script.
// Lookarounds instead of \b because \b only knows ASCII word characters, even with the `u` flag.
const WORD_CHAR = String.raw`[\p{L}\p{N}\p{M}_]`;

/**
 * Returns a function that replaces every whole-word, case-insensitive occurrence of a listed word by MASK.
 * Words are regex-escaped, so `a.b`, `c++` or `(x)` match only themselves. The regex is a lookbehind of
 * one character class, an alternation of literals and a lookahead, so it runs in time linear in the text
 * (times the total length of the list) and cannot backtrack catastrophically.
 */
export function createWordMasker(words: readonly string[]): (text: string) => string {
  const cleaned = [...new Set(words.map((w) => normalizeText(w).trim()).filter((w) => w.length > 0))];
  if (cleaned.length === 0) return (text) => text;
  // Longest first, so that of "bad" and "bad word" the longer phrase is masked whole.
  cleaned.sort((a, b) => b.length - a.length);
  const alternatives = cleaned.map(escapeRegExp).join('|');
  const pattern = new RegExp(`(?<!${WORD_CHAR})(?:${alternatives})(?!${WORD_CHAR})`, 'giu');
  return (text) => text.replace(pattern, MASK);
}

// Exactly the characters with a meaning in a `u` regex outside a class ('-' must not be escaped there).
function escapeRegExp(literal: string): string {
  return literal.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
