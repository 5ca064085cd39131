/**
 * Embedded threads over REST (contract v2, embedding): opening a host page's thread finds or creates its
 * article, lookups, public counts readable from any origin, and moderators creating articles in advance.
 */
import request from 'supertest';
import { bearer, expectError, useApiHarness, type Registered } from './harness';

const HOST = 'https://news.example';
const h = useApiHarness({ EMBED_ORIGINS: `${HOST}, https://Other.Example:443` });
let moderator: Registered;
let member: Registered;

beforeAll(async () => {
  moderator = await h().register('embed_mod');
  member = await h().register('embed_member');
  await h().promote(moderator.user.id, 'moderator');
});

const open = (body: Record<string, unknown>) => request(h().http).post('/api/embed/articles').send(body);
const createAs = (token: string, body: Record<string, unknown>) =>
  request(h().http).post('/api/articles').set(bearer(token)).send(body);

describe('POST /api/embed/articles', () => {
  it('creates the article of a new page once (201), then finds it by its normalised URL (200)', async () => {
    const title = 'Council approves bike lanes';
    const first = await open({ url: 'HTTPS://News.Example:443/2026/12/bikes?utm=x#top', title });
    expect(first.status).toBe(201);
    expect(first.body.article).toEqual(
      expect.objectContaining({
        url: `${HOST}/2026/12/bikes`,
        externalId: null,
        author: null,
        body: '',
        html: '',
        title,
        slug: 'council-approves-bike-lanes',
        commentCount: 0,
      }),
    );
    const again = await open({ url: `${HOST}/2026/12/bikes?other=1`, title: 'Another title' });
    expect(again.status).toBe(200);
    expect(again.body.article.id).toBe(first.body.article.id);
    expect(again.body.article.title).toBe('Council approves bike lanes');
  });

  it('keys by externalId when given: a new URL for the same id is the same thread', async () => {
    const first = await open({ url: `${HOST}/a/old-path`, externalId: 'cms-4812', title: 'Moved' });
    expect(first.status).toBe(201);
    const moved = await open({ url: `${HOST}/a/new-path`, externalId: 'cms-4812', title: 'Moved' });
    expect(moved.status).toBe(200);
    expect(moved.body.article).toEqual(
      expect.objectContaining({ id: first.body.article.id, externalId: 'cms-4812', url: `${HOST}/a/old-path` }),
    );
  });

  it('makes one article when many readers open a new page at once', async () => {
    const many = (body: Record<string, unknown>) => Promise.all(Array.from({ length: 8 }, () => open(body)));
    const answers = await many({ url: `${HOST}/race`, externalId: 'race-1', title: 'Race' });
    expect(answers.map((r) => r.status).filter((s) => s === 201)).toHaveLength(1);
    expect(new Set(answers.map((r) => r.body.article.id)).size).toBe(1);
    const plain = await many({ url: `${HOST}/race-by-url`, title: 'Race' });
    expect(new Set(plain.map((r) => r.body.article.id)).size).toBe(1);
  });

  it('refuses a page of a site not in EMBED_ORIGINS (403), without creating anything', async () => {
    const res = await open({ url: 'https://evil.example/page', title: 'Nope' });
    expectError(res, 403, 'forbidden');
    const lookup = await request(h().http).get('/api/articles/lookup').query({ url: 'https://evil.example/page' });
    expectError(lookup, 404, 'not_found');
  });

  it('accepts the origins of EMBED_ORIGINS as normalised (case, default port)', async () => {
    expect((await open({ url: 'https://other.example/x', title: 'Other' })).status).toBe(201);
  });

  it.each([
    [{ url: 'ftp://news.example/x', title: 'T' }, 'url'],
    [{ url: '/relative', title: 'T' }, 'url'],
    [{ url: `${HOST}/x`, title: '' }, 'title'],
    [{ url: `${HOST}/x`, title: 'x'.repeat(201) }, 'title'],
    [{ url: `${HOST}/x`, title: 'T', externalId: 'has space' }, 'externalId'],
    [{ url: `${HOST}/x`, title: 'T', externalId: 'x'.repeat(129) }, 'externalId'],
    [{ title: 'T' }, 'url'],
    [{ url: `${HOST}/x`, title: 'T', extra: 1 }, 'extra'],
  ])('answers 400 validation_failed for %j', async (body, field) => {
    const res = await open(body);
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details.fields).toHaveProperty(field);
  });
});

describe('EMBED_AUTO_CREATE=off', () => {
  it('refuses to create (403) but still finds an article a moderator made in advance', async () => {
    const app = h().secondApp({ EMBED_AUTO_CREATE: 'off' }).app;
    const openOff = (body: Record<string, unknown>) => request(app).post('/api/embed/articles').send(body);
    expectError(await openOff({ url: `${HOST}/new-off`, title: 'T' }), 403, 'forbidden');
    const made = await request(app)
      .post('/api/articles')
      .set(bearer(moderator.token))
      .send({ title: 'Planned', url: `${HOST}/planned`, externalId: 'planned-1' });
    expect(made.status).toBe(201);
    expect(made.body.article).toEqual(
      expect.objectContaining({
        url: `${HOST}/planned`,
        externalId: 'planned-1',
        body: '',
        author: expect.objectContaining({ id: moderator.user.id }),
      }),
    );
    const opened = await openOff({ url: `${HOST}/elsewhere`, externalId: 'planned-1', title: 'T' });
    expect(opened.status).toBe(200);
    expect(opened.body.article.id).toBe(made.body.article.id);
  });
});

describe('moderators and embedded articles', () => {
  it('edit the title and lock one; members may not create one', async () => {
    const { body } = await open({ url: `${HOST}/to-edit`, title: 'Old title' });
    const id = body.article.id as string;
    const res = await request(h().http)
      .patch(`/api/articles/${id}`)
      .set(bearer(moderator.token))
      .send({ title: 'New title', locked: true });
    expect(res.status).toBe(200);
    expect(res.body.article).toEqual(
      expect.objectContaining({ title: 'New title', locked: true, author: null, url: `${HOST}/to-edit` }),
    );
    const post = await request(h().http)
      .post(`/api/articles/${id}/comments`)
      .set(bearer(member.token))
      .send({ body: 'hi' });
    expectError(post, 403, 'forbidden');
    const byMember = await createAs(member.token, { title: 'T', url: `${HOST}/m` });
    expectError(byMember, 403, 'forbidden');
  });

  it('answers 409 for a URL or externalId another article has', async () => {
    await open({ url: `${HOST}/taken`, externalId: 'taken-1', title: 'Taken' });
    const byUrl = await createAs(moderator.token, { title: 'T', url: `${HOST}/taken#x` });
    expectError(byUrl, 409, 'conflict');
    const byId = await createAs(moderator.token, { title: 'T', externalId: 'taken-1' });
    expectError(byId, 409, 'conflict');
  });

  it('lists and shows url and externalId for every article, null for the others', async () => {
    const list = await request(h().http).get('/api/articles').query({ limit: 100 });
    expect(list.status).toBe(200);
    for (const item of list.body.items) {
      expect(item).toHaveProperty('url');
      expect(item).toHaveProperty('externalId');
    }
    expect(list.body.items).toContainEqual(expect.objectContaining({ externalId: 'cms-4812', author: null }));
    const welcome = await request(h().http).get('/api/articles/welcome');
    expect(welcome.body.article).toEqual(
      expect.objectContaining({
        url: null,
        externalId: null,
        author: expect.objectContaining({ username: expect.any(String) }),
      }),
    );
  });
});

describe('GET /api/articles/lookup', () => {
  it('finds by externalId or by URL (normalised), 404 for an unknown page, 400 with neither', async () => {
    const { body } = await open({ url: `${HOST}/lookup`, externalId: 'look-1', title: 'Lookup' });
    const byId = await request(h().http).get('/api/articles/lookup').query({ externalId: 'look-1' });
    expect(byId.status).toBe(200);
    expect(byId.body.article.id).toBe(body.article.id);
    const byUrl = await request(h().http).get('/api/articles/lookup').query({ url: 'https://NEWS.example/lookup?q=1' });
    expect(byUrl.body.article.id).toBe(body.article.id);
    expectError(await request(h().http).get('/api/articles/lookup').query({ externalId: 'nope' }), 404, 'not_found');
    expectError(await request(h().http).get('/api/articles/lookup'), 400, 'validation_failed');
  });
});

describe('GET /api/counts', () => {
  it('answers each key its live comment count (0 for unknown), to any origin, without credentials', async () => {
    const { body } = await open({ url: `${HOST}/counted`, externalId: 'count-1', title: 'Counted' });
    await h().comment(member.token, body.article.id, 'one');
    await h().comment(member.token, body.article.id, 'two');
    const urls = [`${HOST}/counted?x=1`, `${HOST}/unknown`].map((u) => `url=${encodeURIComponent(u)}`).join('&');
    const res = await request(h().http)
      .get(`/api/counts?externalId=count-1&${urls}`)
      .set('Origin', 'https://anywhere.example');
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.body.counts).toEqual([
      { externalId: 'count-1', commentCount: 2 },
      { url: `${HOST}/counted?x=1`, commentCount: 2 },
      { url: `${HOST}/unknown`, commentCount: 0 },
    ]);
  });

  it('answers the keys in the order asked, url and externalId interleaved (the loader pairs them by place)', async () => {
    const { body } = await open({ url: `${HOST}/ordered`, externalId: 'ordered-1', title: 'Ordered' });
    await h().comment(member.token, body.article.id, 'one');
    const query = `url=${encodeURIComponent(`${HOST}/nothing-here`)}&externalId=ordered-1&url=${encodeURIComponent(`${HOST}/ordered`)}`;
    const res = await request(h().http).get(`/api/counts?${query}`);
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual([
      { url: `${HOST}/nothing-here`, commentCount: 0 },
      { externalId: 'ordered-1', commentCount: 1 },
      { url: `${HOST}/ordered`, commentCount: 1 },
    ]);
  });

  it('allows at most 100 keys, and valid ones only', async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `externalId=k${i}`).join('&');
    expect((await request(h().http).get(`/api/counts?${ids(100)}`)).status).toBe(200);
    const urls = Array.from({ length: 41 }, (_, i) => `url=https://a.example/${i}`).join('&');
    expectError(await request(h().http).get(`/api/counts?${ids(60)}&${urls}`), 400, 'validation_failed');
    expectError(await request(h().http).get('/api/counts?url=javascript:alert(1)'), 400, 'validation_failed');
    expectError(await request(h().http).get('/api/counts?other=1'), 400, 'validation_failed');
  });

  it('keeps credentialed CORS for the other routes: never * there', async () => {
    const res = await request(h().http).get('/api/articles/welcome').set('Origin', 'https://anywhere.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('rate limit on creations', () => {
  it('answers 429 with Retry-After once an address made too many threads', async () => {
    const app = h().secondApp({ RATE_LIMITS: 'on' }).app;
    let last: request.Response | undefined;
    for (let i = 0; i < 40; i++) {
      last = await request(app)
        .post('/api/embed/articles')
        .send({ url: `${HOST}/flood/${i}`, title: `Flood ${i}` });
      if (last.status === 429) break;
      expect(last.status).toBe(201);
    }
    expectError(last!, 429, 'rate_limited');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    // Finding an existing thread is not limited.
    const again = await request(app)
      .post('/api/embed/articles')
      .send({ url: `${HOST}/flood/0`, title: 'Flood' });
    expect(again.status).toBe(200);
  });
});

describe('framing', () => {
  const frameAncestors = (res: request.Response) =>
    String(res.headers['content-security-policy'])
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('frame-ancestors'));

  it('lets this server and EMBED_ORIGINS frame /embed/thread, and only that page', async () => {
    const framed = await request(h().http)
      .get('/embed/thread')
      .query({ url: `${HOST}/x`, title: 'T' });
    expect(frameAncestors(framed)).toBe("frame-ancestors 'self' https://news.example https://other.example");
    expect(framed.headers['x-frame-options']).toBeUndefined();
    for (const path of ['/', '/articles/welcome', '/moderation', '/embed/thread/x']) {
      const res = await request(h().http).get(path);
      expect(frameAncestors(res)).toBe("frame-ancestors 'self'");
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
  });

  it('lets nobody else frame it when EMBED_ORIGINS is empty', async () => {
    const res = await request(h().secondApp({ EMBED_ORIGINS: '' }).app).get('/embed/thread');
    expect(frameAncestors(res)).toBe("frame-ancestors 'self'");
  });
});
