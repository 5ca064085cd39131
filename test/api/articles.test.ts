/**
 * Articles over REST: the list (newest first, cursor paging, no body), one article by id or slug,
 * creation by moderators with slugs, edits, and locking as an event that stops new comments and edits.
 */
import request from 'supertest';
import { createApp } from '../../server/app';
import { prepareData } from '../../server/startup';
import { quietLogger, testConfig } from '../app/support';
import { bearer, harnessEnv, useApiHarness, type Registered } from './harness';

const h = useApiHarness();
let member: Registered;
let moderator: Registered;

beforeAll(async () => {
  member = await h().register('art_member');
  moderator = await h().register('art_mod');
  await h().promote(moderator.user.id, 'moderator');
});

const post = (token: string, body: Record<string, unknown>) =>
  request(h().http).post('/api/articles').set(bearer(token)).send(body);

describe('GET /api/articles', () => {
  it('lists newest first without body and html, paging by cursor to a null nextCursor', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await h().newArticle(`Listed ${i}`)).id);
    const seen: Array<Record<string, unknown>> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await request(h().http)
        .get('/api/articles')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor !== null && pages < 50);
    expect(cursor).toBeNull();
    const ids = seen.map((a) => a.id as string);
    expect(new Set(ids).size).toBe(ids.length);
    // Newest first: the five just made come first, in reverse order of creation.
    expect(ids.slice(0, 5)).toEqual([...made].reverse());
    expect(ids).toContain((await request(h().http).get('/api/articles/welcome')).body.article.id);
    for (const item of seen) {
      expect(item).not.toHaveProperty('body');
      expect(item).not.toHaveProperty('html');
      expect(item).toEqual(
        expect.objectContaining({
          slug: expect.any(String),
          title: expect.any(String),
          commentCount: expect.any(Number),
          lastSeq: expect.any(Number),
          locked: expect.any(Boolean),
        }),
      );
    }
    const dates = seen.map((a) => Date.parse(a.publishedAt as string));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it.each(['0', '101', 'ten'])('answers 400 for limit=%s', async (limit) => {
    const res = await request(h().http).get('/api/articles').query({ limit });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.fields).toHaveProperty('limit');
  });
});

describe('GET /api/articles/:idOrSlug', () => {
  it('finds an article by id and by slug, with body and html', async () => {
    const { id, slug } = await h().newArticle('Find me please');
    const byId = await request(h().http).get(`/api/articles/${id}`);
    const bySlug = await request(h().http).get(`/api/articles/${slug}`);
    expect(byId.status).toBe(200);
    expect(bySlug.status).toBe(200);
    expect(bySlug.body.article).toEqual(byId.body.article);
    expect(byId.body.article).toEqual(
      expect.objectContaining({ id, slug: 'find-me-please', body: expect.any(String), html: expect.any(String) }),
    );
    expect(byId.body.article.author.username).toBe('root_admin');
  });

  it.each(['no-such-slug', '0123456789abcdef01234567'])('answers 404 for %s', async (idOrSlug) => {
    const res = await request(h().http).get(`/api/articles/${idOrSlug}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('POST /api/articles', () => {
  it('lets a moderator create an article, its slug made from the title and its html safe', async () => {
    const res = await post(moderator.token, {
      title: 'Hello, Wörld! News',
      body: 'Some **bold** text <script>alert(1)</script> [x](javascript:alert(1))',
      summary: 'short',
    });
    expect(res.status).toBe(201);
    const { article } = res.body;
    expect(article).toEqual(
      expect.objectContaining({
        title: 'Hello, Wörld! News',
        summary: 'short',
        commentCount: 0,
        lastSeq: 0,
        locked: false,
      }),
    );
    expect(article.slug).toMatch(/^[a-z0-9-]{1,96}$/);
    expect(article.slug).toContain('hello');
    expect(article.author.username).toBe('art_mod');
    expect(article.html).toContain('<strong>bold</strong>');
    expect(article.html).not.toMatch(/<script|href="javascript/i);
  });

  it('takes a body that renders to nothing', async () => {
    const res = await post(moderator.token, { title: 'Just a reference', body: '[ref]: https://example.com' });
    expect(res.status).toBe(201);
    expect(res.body.article.html).toBe('');
  });

  it('refuses members (403) and strangers (401)', async () => {
    const asMember = await post(member.token, { title: 'Nope', body: 'x' });
    expect(asMember.status).toBe(403);
    expect(asMember.body.error.code).toBe('forbidden');
    const anonymous = await request(h().http).post('/api/articles').send({ title: 'Nope', body: 'x' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthenticated');
  });

  it('answers 409 for a taken slug given explicitly, and suffixes a taken slug made from the title', async () => {
    const first = await post(moderator.token, { title: 'Same Title', body: 'one' });
    const second = await post(moderator.token, { title: 'Same Title', body: 'two' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(first.body.article.slug).toBe('same-title');
    expect(second.body.article.slug).not.toBe('same-title');
    expect(second.body.article.slug).toMatch(/^same-title-/);
    const taken = await post(moderator.token, { title: 'Other', body: 'three', slug: 'same-title' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('conflict');
    const own = await post(moderator.token, { title: 'Other', body: 'four', slug: 'my-own-slug' });
    expect(own.status).toBe(201);
    expect(own.body.article.slug).toBe('my-own-slug');
  });

  it('never makes a slug that GET /api/articles/:idOrSlug would read as another route', async () => {
    const res = await post(moderator.token, { title: 'Lookup', body: 'x' });
    expect(res.status).toBe(201);
    expect(res.body.article.slug).not.toBe('lookup');
    const found = await request(h().http).get(`/api/articles/${res.body.article.slug}`);
    expect(found.status).toBe(200);
    expect(found.body.article.id).toBe(res.body.article.id);
  });

  it.each(['0123456789abcdef01234567', 'lookup', 'Has-Capitals', 'with space', '', 'x'.repeat(97)])(
    'answers 400 naming slug for %j',
    async (slug) => {
      const res = await post(moderator.token, { title: 'Bad slug', body: 'x', slug });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.fields).toHaveProperty('slug');
    },
  );
});

describe('PATCH /api/articles/:id', () => {
  it('edits the title, summary and body', async () => {
    const { id } = await h().newArticle();
    const res = await request(h().http)
      .patch(`/api/articles/${id}`)
      .set(bearer(moderator.token))
      .send({ title: 'New title', summary: 'New summary', body: 'New _body_' });
    expect(res.status).toBe(200);
    expect(res.body.article).toEqual(
      expect.objectContaining({ id, title: 'New title', summary: 'New summary', body: 'New _body_' }),
    );
    expect(res.body.article.html).toContain('<em>body</em>');
    expect((await request(h().http).get(`/api/articles/${id}`)).body.article.title).toBe('New title');
    const asMember = await request(h().http)
      .patch(`/api/articles/${id}`)
      .set(bearer(member.token))
      .send({ title: 'Mine' });
    expect(asMember.status).toBe(403);
    const unknown = await request(h().http)
      .patch('/api/articles/0123456789abcdef01234567')
      .set(bearer(moderator.token))
      .send({ title: 'x' });
    expect(unknown.status).toBe(404);
  });

  it('locks a thread with an event: no new comments, no author edits; unlocking is an event too', async () => {
    const { id } = await h().newArticle();
    const posted = await request(h().http)
      .post(`/api/articles/${id}/comments`)
      .set(bearer(member.token))
      .send({ body: 'before the lock' });
    expect(posted.status).toBe(201);
    const commentId = posted.body.comment.id as string;

    const locked = await request(h().http)
      .patch(`/api/articles/${id}`)
      .set(bearer(moderator.token))
      .send({ locked: true });
    expect(locked.status).toBe(200);
    expect(locked.body.article.locked).toBe(true);
    let events = (await request(h().http).get(`/api/articles/${id}/events`).query({ after: 0 })).body;
    expect(events.items.map((e: { type: string }) => e.type)).toEqual(['comment.created', 'article.locked']);
    expect(events.items[1]).toEqual(expect.objectContaining({ seq: 2, commentCount: 1 }));
    expect(events.lastSeq).toBe(2);

    const refused = await request(h().http)
      .post(`/api/articles/${id}/comments`)
      .set(bearer(member.token))
      .send({ body: 'after the lock' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const edit = await request(h().http)
      .patch(`/api/comments/${commentId}`)
      .set(bearer(member.token))
      .send({ body: 'edited while locked' });
    expect(edit.status).toBe(403);

    const unlocked = await request(h().http)
      .patch(`/api/articles/${id}`)
      .set(bearer(moderator.token))
      .send({ locked: false });
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.article.locked).toBe(false);
    events = (await request(h().http).get(`/api/articles/${id}/events`).query({ after: 2 })).body;
    expect(events.items.map((e: { type: string; seq: number }) => [e.seq, e.type])).toEqual([[3, 'article.unlocked']]);
    const again = await request(h().http)
      .post(`/api/articles/${id}/comments`)
      .set(bearer(member.token))
      .send({ body: 'after the unlock' });
    expect(again.status).toBe(201);
  });
});

describe('the welcome article', () => {
  it('exists once after prepareData runs twice, and concurrently on two apps over the same store', async () => {
    const config = testConfig(harnessEnv());
    await prepareData(h().app.ctx, config);
    const other = h().secondApp();
    const third = createApp({ config, logger: quietLogger, db: h().store.db });
    await Promise.all([prepareData(other.ctx, config), prepareData(third.ctx, config)]);
    const welcome = await h()
      .app.ctx.models.Article.find({ slug: /^welcome/ })
      .lean();
    expect(welcome).toHaveLength(1);
    const res = await request(h().http).get('/api/articles/welcome');
    expect(res.status).toBe(200);
    expect(res.body.article.author.username).toBe('root_admin');
  });
});
