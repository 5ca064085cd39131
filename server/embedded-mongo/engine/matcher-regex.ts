import { BSONRegExp } from 'bson';
import { mongoError } from '../errors';

/**
 * `$regex` / `$options` as JS regular expressions. MongoDB's options i, m, s map to JS flags; x
 * ("extended": whitespace and #-comments ignored) is applied by stripping them from the pattern, since JS
 * has no such flag. The g and y flags are dropped: they would make `test` stateful.
 */

/** The pattern without unescaped whitespace and `#` comments outside character classes. */
function stripExtended(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += c + (pattern[++i] ?? '');
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i++;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

function jsFlags(options: string): { flags: string; extended: boolean } {
  let flags = '';
  let extended = false;
  for (const c of options) {
    if (c === 'i' || c === 'm' || c === 's') {
      if (!flags.includes(c)) flags += c;
    } else if (c === 'x') {
      extended = true;
    } else if (c !== 'u' && c !== 'g' && c !== 'y') {
      throw mongoError('BadValue', `invalid flag in regex options: ${c}`);
    }
  }
  return { flags, extended };
}

/** Builds the regular expression of a `$regex` (a string, a RegExp or a BSONRegExp) and its `$options`. */
export function toRegExp(pattern: unknown, options: unknown): RegExp {
  if (options !== undefined && typeof options !== 'string') throw mongoError('BadValue', '$options has to be a string');
  let source: string;
  let ownOptions = '';
  if (pattern instanceof RegExp) {
    source = pattern.source;
    ownOptions = pattern.flags;
  } else if (pattern instanceof BSONRegExp) {
    source = pattern.pattern;
    ownOptions = pattern.options;
  } else if (typeof pattern === 'string') {
    source = pattern;
  } else {
    throw mongoError('BadValue', '$regex has to be a string');
  }
  if (options && ownOptions.replace(/[gyu]/g, ''))
    throw mongoError('BadValue', 'options set in both $regex and $options');
  const { flags, extended } = jsFlags(options || ownOptions);
  try {
    return new RegExp(extended ? stripExtended(source) : source, flags);
  } catch (e) {
    throw mongoError('BadValue', `Regular expression is invalid: ${(e as Error).message}`);
  }
}
