// Text rules shared by the server and the browser: lengths in code points, Unicode normalisation and the
// characters a display name may not contain. Plain ECMAScript only (no Node APIs), so the client can check
// a form with exactly the rules the server enforces.

export const USERNAME_PATTERN = /^[A-Za-z0-9_-]{3,32}$/;
export const DISPLAY_NAME_MAX = 64;
export const COMMENT_BODY_MAX = 10_000;
export const EXCERPT_MAX = 300;
/** A new password's length (contract: 8 to 128 characters); the server checks it, the forms hint it. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Length as a user counts it: code points, so an emoji outside the BMP counts once, not twice. */
export function codePointLength(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    // A high surrogate followed by a low one is one code point; a lone surrogate counts on its own.
    if (isHighSurrogate(unit) && isLowSurrogate(s.charCodeAt(i + 1))) i++;
    count++;
  }
  return count;
}

/** The first `n` code points of `s`; a surrogate pair is kept whole or dropped whole. */
export function truncateCodePoints(s: string, n: number): string {
  // UTF-16 length is never less than the code point count, so a short string needs no walk.
  if (s.length <= n) return s;
  let end = 0;
  for (let kept = 0; kept < n && end < s.length; kept++) {
    const pair = isHighSurrogate(s.charCodeAt(end)) && isLowSurrogate(s.charCodeAt(end + 1));
    end += pair ? 2 : 1;
  }
  return s.slice(0, end);
}

/** NFC: the composed form, so "é" typed as e + U+0301 and as U+00E9 is stored, counted and matched alike. */
export function normalizeText(s: string): string {
  return s.normalize('NFC');
}

export function hasLoneSurrogate(s: string): boolean {
  // With the `u` flag a paired surrogate is read as one astral code point, so only lone halves are \p{Cs}.
  return /\p{Cs}/u.test(s);
}

// Characters a display name may not contain:
// - \p{Cc}: C0, DEL and C1 controls (NUL and tab included: a display name has no use for any of them);
// - \p{Cf}: format characters, all invisible: bidirectional embeddings, overrides, isolates and marks
//   (which can make a name read backwards or spoof the text after it), zero-width space, joiner and
//   non-joiner (ZWJ too, so emoji sequences joined by it are refused), word joiner, soft hyphen, invisible
//   operators, tag characters, interlinear annotations;
// - \p{DI}: Unicode's Default_Ignorable_Code_Point set, the characters a font shows as nothing: the above
//   and the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the combining grapheme joiner U+034F, the
//   Mongolian and the other variation selectors (U+FE0F, the emoji presentation selector, included);
// - U+2800 (braille pattern blank), which renders blank without being any of these;
// - the line and paragraph separators, which break a name over lines just like a newline would.
// The property escapes follow the engine's Unicode version, so new format characters are refused as
// they are assigned; DI already covers the ranges Unicode reserves for future ignorables.
const FORBIDDEN_DISPLAY_CHARS = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800\u2028\u2029]/u;

export function hasForbiddenDisplayChars(s: string): boolean {
  return FORBIDDEN_DISPLAY_CHARS.test(s) || hasLoneSurrogate(s);
}

/** Combining marks allowed on one base character: Vietnamese, Devanagari, Hebrew with points need ≤ 3. */
export const DISPLAY_NAME_MAX_MARKS = 4;
// A run of more marks than that is a pile-up ("Zalgo" text) that spills over the lines around the name.
const MARK_PILE = new RegExp(`\\p{M}{${DISPLAY_NAME_MAX_MARKS + 1}}`, 'u');
// Something a reader can see: a letter, digit, punctuation or symbol (U+2800 is a symbol, refused above).
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

export type DisplayNameProblem = 'length' | 'invisible_characters' | 'too_many_marks' | 'nothing_visible';

/** Why a normalised display name cannot be stored, or null when it can. */
export function displayNameProblem(normalized: string): DisplayNameProblem | null {
  const length = codePointLength(normalized);
  if (length < 1 || length > DISPLAY_NAME_MAX) return 'length';
  if (hasForbiddenDisplayChars(normalized)) return 'invisible_characters';
  if (MARK_PILE.test(normalized)) return 'too_many_marks';
  if (!VISIBLE.test(normalized)) return 'nothing_visible';
  return null;
}

// The bidirectional controls: embeddings and overrides, isolates, and the LRM, RLM and Arabic letter marks.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/gu;

/** `s` without bidi controls, e.g. for link text, where an override can make `exe.txt` read as `txt.exe`. */
export function stripBidiControls(s: string): string {
  return s.replace(BIDI_CONTROLS, '');
}

/** NFKC folds compatibility look-alikes (full-width 'ａ', 'ſ', the Kelvin sign) onto plain letters. */
export function normalizeUsername(s: string): string {
  return s.normalize('NFKC');
}

/**
 * The key that makes usernames unique without regard to case. NFKC first, so 'ａｌｉｃｅ' and 'alice' share
 * a key. Plain toLowerCase() is a complete case fold here because only names that match USERNAME_PATTERN
 * *after* NFKC are accepted: they are pure ASCII, where lower-casing is exact and locale-free (no Turkish
 * dotless i, no 'ß' → 'ss' expansions to worry about).
 */
export function usernameKey(s: string): string {
  return normalizeUsername(s).toLowerCase();
}

export function isValidUsername(normalized: string): boolean {
  return USERNAME_PATTERN.test(normalized);
}

/** What a stored display name is: NFC, trimmed. */
export function normalizeDisplayName(s: string): string {
  return normalizeText(s).trim();
}

export function isValidDisplayName(normalized: string): boolean {
  return displayNameProblem(normalized) === null;
}

/** What a stored comment body is: NFC, trimmed. */
export function normalizeCommentBody(s: string): string {
  return normalizeText(s).trim();
}

export type CommentBodyProblem = 'empty' | 'too_long' | 'nul_character' | 'lone_surrogate';

/** Why a normalised body cannot be stored, or null when it can. */
export function commentBodyProblem(normalized: string): CommentBodyProblem | null {
  if (normalized.length === 0) return 'empty';
  if (normalized.includes('\u0000')) return 'nul_character';
  if (hasLoneSurrogate(normalized)) return 'lone_surrogate';
  if (codePointLength(normalized) > COMMENT_BODY_MAX) return 'too_long';
  return null;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
