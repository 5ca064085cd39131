/**
 * Bad input the way an attacker sends it (issue 8, "Bad input and abuse"): malformed and hostile bodies,
 * prototype pollution, mass assignment, MongoDB operators in body, query and path, hostile text and slow
 * Markdown. Every refusal is the contract's envelope with its 4xx code, never a 500, and writes nothing.
 * (The basic cases on register alone are in test/api/auth.test.ts and test/app/http.test.ts.)
 */
import request from 'supertest';
import { bearer, expectError, PASSWORD, useApiHarness, type Registered } from '../api/harness';

const h = useApiHarness();

let member: Registered;
let moderatorToken: string;
let articleId: string;
let commentId: string;

beforeAll(async () => {
  member = await h().register('input_member');
  const mod = await h().register('input_mod');
  await h().promote(mod.user.id, 'moderator');
  moderatorToken = mod.token;
  articleId = (await h().newArticle('Bad input')).id;
  commentId = await h().comment(member.token, articleId, 'The first comment.');
});

/** Everything a refused request could have written. */
async function documentCounts() {
  const { User, Comment, Event, Article, Report, ModerationLog, Session } = h().app.ctx.models;
  const [users, comments, events, articles, reports, log, sessions] = await Promise.all(
    [User, Comment, Event, Article, Report, ModerationLog, Session].map((m) => (m as typeof User).countDocuments()),
  );
  return { users, comments, events, articles, reports, log, sessions };
}

/** The thread as a reader sees it, and the first comment's current text. */
async function threadState() {
  const list = await request(h().http).get(`/api/articles/${articleId}/comments?limit=100`);
  const first = await request(h().http).get(`/api/comments/${commentId}`);
  return {
    bodies: (list.body.items as { body: string }[]).map((c) => c.body),
    first: first.body.comment.body as string,
  };
}

/** A write that must be refused with `status`/`code`, leaving every collection and the thread as they were. */
async function expectRefusedWithoutWrite(send: () => Promise<request.Response>, status: number, code: string) {
  const before = { counts: await documentCounts(), thread: await threadState() };
  const res = await send();
  expectError(res, status, code);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect({ counts: await documentCounts(), thread: await threadState() }).toEqual(before);
  return res;
}

/** The write routes that take a body, each with a token allowed to use it. */
const writeRoutes = () => [
  { name: 'register', method: 'post' as const, path: '/api/auth/register', token: undefined },
  { name: 'login', method: 'post' as const, path: '/api/auth/login', token: undefined },
  { name: 'post a comment', method: 'post' as const, path: `/api/articles/${articleId}/comments`, token: member.token },
  { name: 'edit a comment', method: 'patch' as const, path: `/api/comments/${commentId}`, token: member.token },
  { name: 'report a comment', method: 'post' as const, path: `/api/comments/${commentId}/report`, token: member.token },
  { name: 'create an article', method: 'post' as const, path: '/api/articles', token: moderatorToken },
  { name: 'ban a user', method: 'post' as const, path: `/api/users/${member.user.id}/ban`, token: moderatorToken },
];

const sendRaw = (route: ReturnType<typeof writeRoutes>[number], contentType: string, raw: string) => {
  const req = request(h().http)[route.method](route.path).set('Content-Type', contentType);
  return (route.token ? req.set(bearer(route.token)) : req).send(raw);
};

const UTF7_REGISTRATION = '{"username":"utf7_user","password":"correct horse battery","displayName":"+ADw-b+AD4-"}';

describe('bodies that are not a JSON object, or not in UTF-8', () => {
  const deepArray = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
  const deepObject = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
  const cases: [string, string, string, number, string][] = [
    ['not JSON', 'application/json', 'username=x&password=y', 400, 'bad_request'],
    ['truncated JSON', 'application/json', '{"body": "half a comm', 400, 'bad_request'],
    ['an array', 'application/json', '[{"body":"in an array"}]', 400, 'bad_request'],
    ['a number', 'application/json', '42', 400, 'bad_request'],
    ['null', 'application/json', 'null', 400, 'bad_request'],
    ['an array nested 20,000 deep', 'application/json', deepArray, 400, 'bad_request'],
    ['an object nested 10,000 deep', 'application/json', deepObject, 400, 'validation_failed'],
    ['form-encoded', 'application/x-www-form-urlencoded', 'body=hello', 400, 'bad_request'],
    ['text/plain holding JSON', 'text/plain', '{"body":"sneaky"}', 400, 'bad_request'],
    [
      'multipart',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="body"\r\n\r\nhi\r\n--x--',
      400,
      'bad_request',
    ],
    ['JSON over 64 KiB', 'application/json', JSON.stringify({ body: 'x'.repeat(66 * 1024) }), 413, 'payload_too_large'],
    // A valid registration in UTF-7 (where +ADw- is '<'): once decoded and stored, now refused unread.
    ['JSON declared UTF-7', 'application/json; charset=utf-7', UTF7_REGISTRATION, 400, 'bad_request'],
    ['JSON declared UTF-16', 'application/json; charset=UTF-16', UTF7_REGISTRATION, 400, 'bad_request'],
    ['JSON declared Latin-1', 'application/json; charset="iso-8859-1"', UTF7_REGISTRATION, 400, 'bad_request'],
    [
      'JSON declaring utf-8, then utf-7',
      'application/json; charset=utf-8; charset=utf-7',
      UTF7_REGISTRATION,
      400,
      'bad_request',
    ],
  ];
  it.each(cases)(
    '%s: the envelope, never 500, nothing written, on every write route',
    async (_what, contentType, raw, status, code) => {
      for (const route of writeRoutes()) {
        await expectRefusedWithoutWrite(() => sendRaw(route, contentType, raw), status, code);
      }
    },
  );

  it('a body nested 20,000 deep inside a known field is a validation error, not a crash', async () => {
    const raw = `{"body":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const res = await expectRefusedWithoutWrite(
      () => sendRaw(writeRoutes()[2]!, 'application/json', raw),
      400,
      'validation_failed',
    );
    expect(Object.keys(res.body.error.details.fields)).toEqual(['body']);
  });
});

describe('prototype pollution and mass assignment', () => {
  afterEach(() => {
    // Nothing in the process may have grown a property on Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });

  it.each([
    [
      '__proto__',
      '{"username":"proto_user","password":"correct horse battery","__proto__":{"polluted":true,"role":"admin"}}',
      '__proto__',
    ],
    [
      'constructor.prototype',
      '{"username":"ctor_user","password":"correct horse battery","constructor":{"prototype":{"polluted":true,"role":"admin"}}}',
      'constructor',
    ],
    [
      'a role field',
      '{"username":"role_user","password":"correct horse battery","role":"admin","banned":false}',
      'role',
    ],
    [
      'an id field',
      '{"username":"id_user","password":"correct horse battery","_id":"0123456789abcdef01234567"}',
      '_id',
    ],
  ])('register with %s is refused naming the field, and creates nobody', async (_what, raw, field) => {
    const res = await expectRefusedWithoutWrite(
      () => sendRaw(writeRoutes()[0]!, 'application/json', raw),
      400,
      'validation_failed',
    );
    expect(Object.keys(res.body.error.details.fields)).toContain(field);
  });

  it.each([
    ['an author', { body: 'mine', authorId: '0123456789abcdef01234567' }, 'authorId'],
    ['a status', { body: 'hidden', status: 'removed' }, 'status'],
    ['a seq', { body: 'first', seq: 1 }, 'seq'],
    ['a __proto__ key', JSON.parse('{"body":"x","__proto__":{"polluted":true}}') as object, '__proto__'],
  ])('a comment with %s of its own choosing is refused', async (_what, body, field) => {
    const res = await expectRefusedWithoutWrite(
      () => request(h().http).post(`/api/articles/${articleId}/comments`).set(bearer(member.token)).send(body),
      400,
      'validation_failed',
    );
    expect(Object.keys(res.body.error.details.fields)).toContain(field);
  });

  it('an article patch cannot set its counters or author', async () => {
    const res = await request(h().http)
      .patch(`/api/articles/${articleId}`)
      .set(bearer(moderatorToken))
      .send({ title: 'Renamed', commentCount: 1000, lastSeq: 99, authorId: member.user.id });
    expectError(res, 400, 'validation_failed');
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual(['authorId', 'commentCount', 'lastSeq']);
    const article = await request(h().http).get(`/api/articles/${articleId}`);
    expect(article.body.article.title).toBe('Bad input');
  });
});

describe('MongoDB operators where a string or an id belongs', () => {
  it.each([
    ['username {$gt: ""}', { username: { $gt: '' }, password: PASSWORD }],
    ['password {$ne: null}', { username: 'input_member', password: { $ne: null } }],
    ['both as operators', { username: { $regex: '.*' }, password: { $exists: true } }],
  ])('login with %s is a validation error, never a sign-in', async (_what, body) => {
    const res = await request(h().http).post('/api/auth/login').send(body);
    expectError(res, 400, 'validation_failed');
    expect(res.body.token).toBeUndefined();
  });

  it.each([
    ['parentId', { body: 'reply', parentId: { $ne: null } }],
    ['quoteId', { body: 'quote', quoteId: { $gt: '' } }],
    ['clientId', { body: 'retry', clientId: { $exists: true } }],
    ['body', { body: { $gt: '' } }],
  ])('a comment with an operator in %s is refused', async (field, body) => {
    const res = await expectRefusedWithoutWrite(
      () => request(h().http).post(`/api/articles/${articleId}/comments`).set(bearer(member.token)).send(body),
      400,
      'validation_failed',
    );
    expect(Object.keys(res.body.error.details.fields)).toContain(field);
  });

  it.each([
    `/api/articles/ARTICLE/comments?cursor[$gt]=`,
    `/api/articles/ARTICLE/comments?limit[$gt]=0`,
    `/api/articles/ARTICLE/comments?around[$ne]=x`,
    `/api/articles/ARTICLE/events?after[$gt]=0`,
    `/api/articles?cursor[$ne]=x`,
    `/api/users?query[$regex]=.*`,
    `/api/users?query=a&query=b`,
    `/api/moderation/reports?status[$ne]=open`,
  ])('the query %s is 400, never a query the store runs', async (path) => {
    const res = await request(h().http).get(path.replace('ARTICLE', articleId)).set(bearer(moderatorToken));
    expectError(res, 400, 'validation_failed');
  });

  /** A cursor as the server encodes them (base64url JSON), forged to carry operators or other shapes. */
  const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    ['comments', 'ARTICLE_COMMENTS', { s: { $gt: 0 }, d: 'oldest' }],
    ['comments', 'ARTICLE_COMMENTS', { s: 1, d: { $ne: 'x' } }],
    ['comments', 'ARTICLE_COMMENTS', { s: -1, d: 'oldest' }],
    ['articles', '/api/articles', { at: { $gt: '' }, id: '0123456789abcdef01234567' }],
    ['articles', '/api/articles', { at: '2026-01-01T00:00:00.000Z', id: { $ne: null } }],
    ['users', '/api/users', { k: { $gt: '' }, id: '0123456789abcdef01234567' }],
    ['reports', '/api/moderation/reports', { at: { $gt: '' }, id: '0123456789abcdef01234567' }],
    ['log', '/api/moderation/log', { at: '2026-01-01T00:00:00.000Z', id: { $regex: '.*' } }],
    ['articles', '/api/articles', '__proto__'],
  ])('a forged %s cursor (%s) carrying %j is 400', async (_list, path, value) => {
    const base = path === 'ARTICLE_COMMENTS' ? `/api/articles/${articleId}/comments` : path;
    const res = await request(h().http)
      .get(`${base}?cursor=${forged(value)}`)
      .set(bearer(moderatorToken));
    expectError(res, 400, 'validation_failed');
    expect(Object.keys(res.body.error.details.fields)).toEqual(['cursor']);
  });

  it.each([
    '/api/comments/%7B%22%24gt%22%3A%22%22%7D',
    '/api/comments/%24ne',
    '/api/articles/%7B%22%24regex%22%3A%22.*%22%7D',
    '/api/articles/%7B%22%24gt%22%3A%22%22%7D/comments',
    '/api/articles/%7B%22%24gt%22%3A%22%22%7D/events',
  ])('the path %s is 404', async (path) => {
    expectError(await request(h().http).get(path), 404, 'not_found');
  });

  it('an operator-shaped id in a write path is 404 and writes nothing', async () => {
    await expectRefusedWithoutWrite(
      () =>
        request(h().http)
          .patch('/api/comments/%7B%22%24gt%22%3A%22%22%7D')
          .set(bearer(member.token))
          .send({ body: 'x' }),
      404,
      'not_found',
    );
    await expectRefusedWithoutWrite(
      () =>
        request(h().http)
          .post('/api/users/%7B%22%24ne%22%3Anull%7D/ban')
          .set(bearer(moderatorToken))
          .send({ reason: 'x' }),
      404,
      'not_found',
    );
  });
});

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

describe('Markdown built to be slow renders in linear time', () => {
  /**
   * The fastest of several renders of each body, in the process's CPU time (the wall clock also counts the
   * time spent waiting for a core on a busy machine), the bodies taken in turns: the fastest run is the one
   * the shared machine disturbed least, and taking turns exposes both sizes to the same load.
   */
  const fastestRenders = (bodies: string[], runs = 11) => {
    const render = h().app.ctx.renderer.render;
    const best = bodies.map(() => Infinity);
    for (let i = 0; i < runs; i++) {
      bodies.forEach((body, j) => {
        const started = process.cpuUsage();
        render(body);
        const used = process.cpuUsage(started);
        best[j] = Math.min(best[j]!, (used.user + used.system) / 1000);
      });
    }
    return best;
  };
  const of = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const ratios: string[] = [];
  afterAll(() => console.log(`render CPU time of 40,000 vs 10,000 characters (fastest of 11):\n${ratios.join('\n')}`));

  it.each(['*', '[', '>', '`', '_', '![', '[a](', '> - ', '*_[]>`(![', '**a'])(
    '10,000 of %j: posted as a comment, and four times the input takes well under 16 times as long',
    async (unit) => {
      const body = of(unit, 10_000);
      const res = await request(h().http)
        .post(`/api/articles/${articleId}/comments`)
        .set(bearer(member.token))
        .send({ body });
      expect(res.status).toBe(201);
      fastestRenders([of(unit, 2_000)], 2); // warm up
      const [small, large, plain] = fastestRenders([body, of(unit, 40_000), of('a', 10_000)]) as [
        number,
        number,
        number,
      ];
      // Sub-millisecond timings are mostly noise: below half a millisecond counts as half a millisecond.
      const ratio = large / Math.max(small, 0.5);
      ratios.push(
        `  ${JSON.stringify(unit)}: ${small.toFixed(2)} -> ${large.toFixed(2)} ms (x${ratio.toFixed(2)}); plain text of 10,000: ${plain.toFixed(2)} ms`,
      );
      // Linear work takes about four times as long for four times the input (emphasis runs measure up to about
      // six here, from allocation); quadratic work would take sixteen.
      expect(ratio).toBeLessThan(10);
    },
  );
});
