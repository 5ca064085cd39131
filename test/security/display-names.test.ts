/**
 * Display names that render blank, hide characters or spill over the page are refused at registration
 * (contract: Accounts; docs/security.md, "Display names"): 400 `validation_failed` naming `displayName`,
 * and no account is made. Names in any script, with accents and single emoji, keep working.
 */
import request from 'supertest';
import { bearer, expectError, PASSWORD, useApiHarness } from '../api/harness';

const h = useApiHarness();

let counter = 0;
const freshUsername = () => `dn_${(counter++).toString(36)}`;

const register = (username: string, displayName: string) =>
  request(h().http).post('/api/auth/register').send({ username, password: PASSWORD, displayName });

// Combining Latin small letters (U+0363..U+036F): no precomposed form, so NFC keeps every one of them.
const combining = (n: number) => '\u0363\u0364\u0365\u0366\u0367\u0368\u0369\u036A'.repeat(8).slice(0, n);

describe('display names that are refused', () => {
  it.each([
    ['only a Hangul filler (U+3164)', '\u3164'],
    ['only a braille blank (U+2800)', '\u2800'],
    ['only Hangul choseong and jungseong fillers (U+115F U+1160)', '\u115F\u1160'],
    ['only a half-width Hangul filler (U+FFA0)', '\uFFA0'],
    ['fillers between spaces', ' \u3164 \u2800 '],
    ['an invisible separator (U+2063)', 'ad\u2063min'],
    ['a soft hyphen (U+00AD)', 'ad\u00ADmin'],
    ['tag characters (U+E0041 U+E007F)', 'admin\u{E0041}\u{E007F}'],
    ['a language tag (U+E0001)', '\u{E0001}admin'],
    ['a combining grapheme joiner (U+034F)', 'ad\u034Fmin'],
    ['a Mongolian variation selector (U+180B)', 'ad\u180Bmin'],
    ['a Mongolian variation selector four (U+180F)', 'ad\u180Fmin'],
    ['a variation selector (U+FE00)', 'ad\uFE00min'],
    ['the emoji presentation selector (U+FE0F)', 'Ana \u2764\uFE0F'],
    ['a supplementary variation selector (U+E0100)', 'ad\u{E0100}min'],
    ['an inhibit-symmetric-swapping character (U+206A)', 'ad\u206Amin'],
    ['a nominal digit shapes character (U+206F)', 'ad\u206Fmin'],
    ['an interlinear annotation anchor (U+FFF9)', 'ad\uFFF9min'],
    ['an interlinear annotation terminator (U+FFFB)', 'ad\uFFFBmin'],
    ['a zero-width joiner in a family emoji (U+200D)', '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'],
    ['a right-to-left override (U+202E)', 'abc\u202Egpj.exe'],
    ['a musical beam format character (U+1D173)', 'ad\u{1D173}min'],
    ['63 combining marks on one letter', `Z${combining(63)}`],
    ['5 combining marks on one letter', `Zo${combining(5)}e`],
    ['only combining marks', combining(3)],
  ])('%s: 400 validation_failed naming displayName, no account made', async (_what, displayName) => {
    const username = freshUsername();
    const res = await register(username, displayName);
    expectError(res, 400, 'validation_failed');
    expect(Object.keys(res.body.error.details.fields)).toEqual(['displayName']);
    // Nothing was made: the username is still free.
    expect((await register(username, 'A plain name')).status).toBe(201);
  });
});

describe('display names that keep working', () => {
  it.each([
    ['accents', 'Zoë Ångström'],
    ['decomposed accents, stored composed', 'Zoe\u0308', 'Zo\u00EB'],
    ['Vietnamese with two marks on a letter', 'Nguyễn Thị Ánh'],
    ['four combining marks on one letter', `a${combining(4)}`],
    ['Devanagari', 'देवनागरी नाम'],
    ['Hebrew with points', 'שָׁלוֹם'],
    ['Arabic', 'محمد عبد الله'],
    ['CJK', '山田 太郎'],
    ['Korean', '김민준'],
    ['Thai', 'สมชาย'],
    ['a single emoji', 'Bob 😀'],
    ['a flag (regional indicators)', 'Team 🇫🇷'],
    ['a skin-tone modifier', 'Wave 👋🏽'],
  ])('%s', async (_what, displayName, stored = displayName) => {
    const res = await register(freshUsername(), displayName);
    expect(res.status).toBe(201);
    expect(res.body.user.displayName).toBe(stored);
    const me = await request(h().http)
      .get('/api/auth/me')
      .set(bearer(res.body.token as string));
    expect(me.body.user.displayName).toBe(stored);
  });
});
