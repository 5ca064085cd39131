/**
 * What caches may keep, and which bodies are read (docs/security.md, "Caching" and "Charsets"). Answers
 * under /api depend on the caller (a moderator reads removed text), so none may be stored by any cache;
 * ETag and 304 still work. A body is read only as UTF-8: no charset or `utf-8`, in any spelling.
 */
import request from 'supertest';
import { bearer, PASSWORD, useApiHarness, type Registered } from '../api/harness';

const h = useApiHarness();

let moderator: Registered;
let articleId: string;

beforeAll(async () => {
  moderator = await h().register('cache_moderator');
  await h().promote(moderator.user.id, 'moderator');
  articleId = (await h().newArticle('Caching')).id;
});

describe('Cache-Control under /api', () => {
  it("every kind of answer is no-store: lists, a moderator's view, writes, errors", async () => {
    const answers = await Promise.all([
      request(h().http).get(`/api/articles/${articleId}/comments`),
      request(h().http).get(`/api/articles/${articleId}/comments`).set(bearer(moderator.token)),
      request(h().http).get('/api/moderation/reports').set(bearer(moderator.token)),
      request(h().http).get('/api/auth/me').set(bearer(moderator.token)),
      request(h().http).get('/api/auth/me'),
      request(h().http).get('/api/articles/no-such-article'),
      request(h().http).get('/api/no-such-route'),
      request(h().http).post(`/api/articles/${articleId}/comments`).set(bearer(moderator.token)).send({ body: 'hi' }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 401, 404, 404, 201]);
    for (const res of answers) expect(res.headers['cache-control']).toBe('no-store');
  });

  it('keeps the ETag: asking again with If-None-Match answers 304 while nothing changed', async () => {
    const path = `/api/articles/${articleId}/comments`;
    const first = await request(h().http).get(path).set(bearer(moderator.token));
    const etag = first.headers.etag as string | undefined;
    expect(etag).toBeTruthy();
    const again = await request(h().http).get(path).set(bearer(moderator.token)).set('If-None-Match', etag!);
    expect(again.status).toBe(304);
    expect(again.headers['cache-control']).toBe('no-store');
  });
});

describe('request body charsets', () => {
  const json = 'application/json';
  const utf8 = [json, `${json}; charset=utf-8`, `${json}; charset=UTF-8`, `${json};charset="Utf-8"`];
  it.each(utf8)('%s is read, non-ASCII text intact', async (contentType) => {
    const username = `cs_${Math.random().toString(36).slice(2, 10)}`;
    const raw = JSON.stringify({ username, password: PASSWORD, displayName: 'Zoë 山田 😀' });
    const res = await request(h().http).post('/api/auth/register').set('Content-Type', contentType).send(raw);
    expect(res.status).toBe(201);
    expect(res.body.user.displayName).toBe('Zoë 山田 😀');
  });
});
