// Bad input (issue 8): hostile text in bodies and display names is kept as text, never markup.
import request from 'supertest';
import { bearer, PASSWORD, type Registered } from '../api/harness';
import { useBadInput } from './bad-input-kit';

const { h, fixtures, expectRefusedWithoutWrite } = useBadInput();
let member: Registered, articleId: string;
beforeAll(() => ({ member, articleId } = fixtures()));

describe('hostile text', () => {
  const postBody = (body: unknown) =>
    request(h().http).post(`/api/articles/${articleId}/comments`).set(bearer(member.token)).send({ body });

  it.each([
    ['10,001 characters', 'x'.repeat(10_001)],
    ['10,001 code points of emoji (20,002 UTF-16 units)', '😀'.repeat(10_001)],
    ['a NUL byte', 'before\u0000after'],
    ['a lone high surrogate', 'broken \ud800 text'],
    ['a lone low surrogate', 'broken \udc00 text'],
    ['only whitespace', ' \n\t  '],
  ])('a comment body with %s is refused', async (_what, body) => {
    const res = await expectRefusedWithoutWrite(() => postBody(body), 400, 'validation_failed');
    expect(Object.keys(res.body.error.details.fields)).toEqual(['body']);
  });

  it('takes exactly 10,000 code points, counted after NFC (e + combining accent counts once)', async () => {
    const res = await postBody('e\u0301'.repeat(10_000));
    expect(res.status).toBe(201);
    expect(res.body.comment.body).toBe('\u00e9'.repeat(10_000));
  });

  it('keeps right-to-left overrides and zero-width characters of a body as text, never as markup', async () => {
    const body = 'files: \u202Egnp.exe and a\u200Bd\u200Dmin';
    const res = await postBody(body);
    expect(res.status).toBe(201);
    expect(res.body.comment.body).toBe(body);
    expect(res.body.comment.html.trim()).toBe(`<p>${body}</p>`);
  });

  it.each([
    ['a zero-width space', 'ad\u200Bmin_zw'],
    ['a zero-width joiner', 'ad\u200Dmin_zwj'],
    ['a right-to-left override', 'nimda\u202E_rtl'],
    ['a Cyrillic look-alike a', '\u0430dmin_cyr'],
    ['a NUL byte', 'nul\u0000user'],
    ['a lone surrogate', 'sur\ud800rogate'],
  ])('a username with %s is refused', async (_what, username) => {
    const res = await expectRefusedWithoutWrite(
      () => request(h().http).post('/api/auth/register').send({ username, password: PASSWORD }),
      400,
      'validation_failed',
    );
    expect(Object.keys(res.body.error.details.fields)).toEqual(['username']);
  });

  it.each([
    ['the Kelvin sign for K', '\u212Aelvin_look', 'kelvin_look'],
    ['a ligature fi', '\uFB01nal_look', 'final_look'],
    ['full-width letters in another case', '\uFF2D\uFF29\uFF38\uFF25\uFF24_look', 'mixed_look'],
  ])(
    'a username with %s is normalised (NFKC) and then taken without regard to case',
    async (_what, lookAlike, plain) => {
      const first = await request(h().http)
        .post('/api/auth/register')
        .send({ username: lookAlike, password: PASSWORD });
      expect(first.status).toBe(201);
      expect(first.body.user.username).toBe(lookAlike.normalize('NFKC'));
      await expectRefusedWithoutWrite(
        () => request(h().http).post('/api/auth/register').send({ username: plain.toUpperCase(), password: PASSWORD }),
        409,
        'conflict',
      );
      // And the plain spelling signs in to the same account.
      const login = await request(h().http).post('/api/auth/login').send({ username: plain, password: PASSWORD });
      expect(login.status).toBe(200);
      expect(login.body.user.id).toBe(first.body.user.id);
    },
  );

  it.each([
    ['a pop-directional isolate', 'name\u2069'],
    ['a left-to-right mark', '\u200Eadmin'],
    ['a word joiner', 'ad\u2060min'],
    ['a byte-order mark inside', 'ad\uFEFFmin'],
    ['a NUL byte', 'nul\u0000name'],
    ['a lone surrogate', 'half \udbff'],
    ['a line separator', 'two\u2028lines'],
    ['only spaces', '    '],
  ])('a display name with %s is refused', async (_what, displayName) => {
    const res = await expectRefusedWithoutWrite(
      () =>
        request(h().http).post('/api/auth/register').send({ username: 'dn_refused', password: PASSWORD, displayName }),
      400,
      'validation_failed',
    );
    expect(Object.keys(res.body.error.details.fields)).toEqual(['displayName']);
  });
});

describe('XSS in bodies and display names', () => {
  const vectors = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '"><svg onload=alert(1)>',
    "'-alert(1)-'",
    '<a href="javascript:alert(1)">x</a>',
  ];

  it.each(vectors)(
    'a display name %j is kept as text, in JSON answers that a browser will not sniff as HTML',
    async (displayName) => {
      const username = `xss_${Math.random().toString(36).slice(2, 10)}`;
      const res = await request(h().http)
        .post('/api/auth/register')
        .send({ username, password: PASSWORD, displayName });
      expect(res.status).toBe(201);
      expect(res.body.user.displayName).toBe(displayName);
      const posted = await request(h().http)
        .post(`/api/articles/${articleId}/comments`)
        .set(bearer(res.body.token))
        .send({ body: `hello from ${username}` });
      expect(posted.status).toBe(201);
      expect(posted.body.comment.author.displayName).toBe(displayName);
      // The name is never part of the rendered html; answers are JSON, never sniffed as a page.
      expect(posted.body.comment.html.trim()).toBe(`<p>hello from ${username}</p>`);
      for (const r of [res, posted]) {
        expect(r.headers['content-type']).toMatch(/^application\/json/);
        expect(r.headers['x-content-type-options']).toBe('nosniff');
      }
    },
  );

  it.each(vectors)('a body %j becomes escaped text in html, and in the excerpt of a quote of it', async (body) => {
    const posted = await request(h().http)
      .post(`/api/articles/${articleId}/comments`)
      .set(bearer(member.token))
      .send({ body });
    expect(posted.status).toBe(201);
    const html = posted.body.comment.html as string;
    // No tag but the paragraph (and no attribute at all): every angle bracket of the vector is an entity.
    expect(html.trim().replace(/^<p>|<\/p>$/g, '')).not.toMatch(/[<>]/);
    const quoting = await request(h().http)
      .post(`/api/articles/${articleId}/comments`)
      .set(bearer(member.token))
      .send({ body: 'quoting', quoteId: posted.body.comment.id });
    expect(quoting.status).toBe(201);
    // An excerpt is plain text (the page escapes it like any text); it never carries rendered markup.
    expect(quoting.body.comment.quote.excerpt).not.toMatch(/&lt;|<p>/);
  });
});
