import {
  COMMENT_BODY_MAX,
  codePointLength,
  commentBodyProblem,
  DISPLAY_NAME_MAX_MARKS,
  displayNameProblem,
  hasForbiddenDisplayChars,
  isValidDisplayName,
  isValidUsername,
  normalizeCommentBody,
  normalizeDisplayName,
  normalizeText,
  normalizeUsername,
  truncateCodePoints,
  usernameKey,
} from '../../shared/text';
import { commentBodySchema, displayNameSchema, usernameSchema } from '../../shared/text-schemas';

const LONE_HIGH = '\uD83D';
const LONE_LOW = '\uDE00';

describe('code point lengths', () => {
  it('counts an astral emoji once and a lone surrogate once', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('😀😀')).toBe(2);
    expect(codePointLength(`a${LONE_HIGH}b${LONE_LOW}`)).toBe(4);
  });

  it('truncates without splitting a surrogate pair', () => {
    expect(truncateCodePoints('a😀b', 2)).toBe('a😀');
    expect(truncateCodePoints('😀😀😀', 2)).toBe('😀😀');
    expect(truncateCodePoints('😀😀😀', 0)).toBe('');
    expect(truncateCodePoints('short', 300)).toBe('short');
    const cut = truncateCodePoints('😀'.repeat(400), 300);
    expect(codePointLength(cut)).toBe(300);
    expect(cut.length).toBe(600);
  });

  it('normalises to NFC', () => {
    expect(normalizeText('e\u0301')).toBe('\u00e9');
  });
});

describe('display names', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['tab', 'a\tb'],
    ['newline', 'a\nb'],
    ['DEL', 'a\u007fb'],
    ['C1 control', 'a\u0085b'],
    ['right-to-left override', 'abc\u202Egpj.exe'],
    ['left-to-right embedding', '\u202Aabc'],
    ['first strong isolate', 'a\u2068b'],
    ['pop directional isolate', 'a\u2069b'],
    ['left-to-right mark', 'a\u200Eb'],
    ['right-to-left mark', 'a\u200Fb'],
    ['Arabic letter mark', 'a\u061Cb'],
    ['zero-width space', 'a\u200Bb'],
    ['zero-width non-joiner', 'a\u200Cb'],
    ['zero-width joiner', 'a\u200Db'],
    ['word joiner', 'a\u2060b'],
    ['byte order mark', 'a\uFEFFb'],
    ['Mongolian vowel separator', 'a\u180Eb'],
    ['line separator', 'a\u2028b'],
    ['lone high surrogate', `a${LONE_HIGH}`],
    ['lone low surrogate', `${LONE_LOW}a`],
  ])('refuses a %s', (_name, value) => {
    expect(hasForbiddenDisplayChars(value)).toBe(true);
    expect(displayNameSchema.safeParse(value).success).toBe(false);
  });

  it('accepts ordinary names in any script, with emoji and inner spaces', () => {
    for (const name of ['Alice', 'Zoë Ångström', 'محمد', '山田 太郎', 'Bob 😀']) {
      expect(hasForbiddenDisplayChars(name)).toBe(false);
      expect(displayNameSchema.parse(name)).toBe(name);
    }
  });

  it('trims, normalises to NFC and counts 1 to 64 code points', () => {
    expect(displayNameSchema.parse('  Zoe\u0308  ')).toBe('Zo\u00eb');
    expect(normalizeDisplayName('  x ')).toBe('x');
    expect(isValidDisplayName('😀'.repeat(64))).toBe(true);
    expect(isValidDisplayName('😀'.repeat(65))).toBe(false);
    expect(displayNameSchema.safeParse('   ').success).toBe(false);
    expect(displayNameSchema.safeParse('').success).toBe(false);
  });
});

// Default_Ignorable_Code_Point, as listed in Unicode's DerivedCoreProperties.txt (15.1 and 16.0 agree).
// The rule uses the engine's \p{Default_Ignorable_Code_Point}; this pins it to the published list.
const DEFAULT_IGNORABLE: [number, number][] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff0, 0xfff8],
  [0x1bca0, 0x1bca3],
  [0x1d173, 0x1d17a],
  [0xe0000, 0xe0fff],
];

describe('display names: invisible characters and mark piles', () => {
  it('refuses every default-ignorable code point, and the format characters outside that set', () => {
    const refusedIn = (cp: number) => displayNameProblem(`a${String.fromCodePoint(cp)}b`);
    for (const [first, last] of DEFAULT_IGNORABLE) {
      for (let cp = first; cp <= last; cp++) {
        expect([cp.toString(16), refusedIn(cp)]).toEqual([cp.toString(16), 'invisible_characters']);
      }
    }
    // Cf but not default-ignorable: Arabic number sign, Syriac abbreviation mark, interlinear annotations.
    for (const cp of [0x0600, 0x070f, 0xfff9, 0xfffb, 0x110bd]) expect(refusedIn(cp)).toBe('invisible_characters');
  });

  it(`allows ${DISPLAY_NAME_MAX_MARKS} combining marks on one character, not one more; needs something visible`, () => {
    const marks = (n: number) => '\u0363'.repeat(n);
    expect(displayNameProblem(`a${marks(DISPLAY_NAME_MAX_MARKS)}b${marks(DISPLAY_NAME_MAX_MARKS)}`)).toBeNull();
    expect(displayNameProblem(`a${marks(DISPLAY_NAME_MAX_MARKS + 1)}`)).toBe('too_many_marks');
    expect(displayNameProblem(marks(2))).toBe('nothing_visible');
    expect(displayNameProblem('\u2800')).toBe('invisible_characters');
  });
});

describe('usernames', () => {
  it('folds full-width and compatibility letters onto ASCII, so they collide with the plain name', () => {
    expect(normalizeUsername('ａｌｉｃｅ')).toBe('alice');
    expect(usernameKey('ａｌｉｃｅ')).toBe(usernameKey('alice'));
    expect(usernameKey('ＡＬＩＣＥ')).toBe('alice');
    expect(usernameKey('\u212Aate')).toBe(usernameKey('kate')); // KELVIN SIGN
    expect(usernameKey('\u017Fam')).toBe(usernameKey('sam')); // LATIN SMALL LETTER LONG S
  });

  it('is unique without regard to case', () => {
    expect(usernameKey('Alice_01')).toBe(usernameKey('aLICE_01'));
    expect(usernameKey('alice')).not.toBe(usernameKey('alice2'));
  });

  it('accepts 3 to 32 of A-Z a-z 0-9 _ - after NFKC', () => {
    expect(usernameSchema.parse('ａｌｉｃｅ')).toBe('alice');
    expect(usernameSchema.parse('a-b_C9')).toBe('a-b_C9');
    expect(isValidUsername('ab')).toBe(false);
    expect(isValidUsername('a'.repeat(32))).toBe(true);
    expect(isValidUsername('a'.repeat(33))).toBe(false);
    for (const bad of ['al ice', 'zoë', 'al.ice', 'alice\n', 'аlice' /* Cyrillic а */, 'a\u200Bbc']) {
      expect(usernameSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe('comment bodies', () => {
  it('trims and normalises to NFC', () => {
    expect(normalizeCommentBody('  cafe\u0301\n\n')).toBe('caf\u00e9');
    expect(commentBodySchema.parse('\n  hello  \t')).toBe('hello');
  });

  it('counts the 10,000 limit in code points, after trimming', () => {
    const astral = '😀'.repeat(COMMENT_BODY_MAX);
    expect(astral.length).toBe(2 * COMMENT_BODY_MAX);
    expect(commentBodyProblem(astral)).toBeNull();
    expect(commentBodyProblem(`${astral}x`)).toBe('too_long');
    expect(commentBodySchema.safeParse(`   ${'a'.repeat(COMMENT_BODY_MAX)}   `).success).toBe(true);
    expect(commentBodySchema.safeParse('a'.repeat(COMMENT_BODY_MAX + 1)).success).toBe(false);
  });

  it('refuses empty bodies, NUL characters and lone surrogates', () => {
    expect(commentBodyProblem('')).toBe('empty');
    expect(commentBodySchema.safeParse(' \n\t ').success).toBe(false);
    expect(commentBodyProblem('a\u0000b')).toBe('nul_character');
    expect(commentBodyProblem(`a${LONE_HIGH}b`)).toBe('lone_surrogate');
    expect(commentBodyProblem(`${LONE_LOW}`)).toBe('lone_surrogate');
    const result = commentBodySchema.safeParse('a\u0000b');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/NUL/);
  });

  it('keeps newlines, tabs and emoji inside a body', () => {
    expect(commentBodyProblem('line 1\n\tline 2 😀')).toBeNull();
  });
});
