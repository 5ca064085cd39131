// Hostile comment bodies through the API: nothing unsafe reaches the html, and pathological ones post.
import request from 'supertest';
import { bearer, type Registered } from './harness';
import { useGuarantees } from './guarantees-kit';
import { expectSafeHtml } from '../helpers/safe-html';

const { h, fixtures } = useGuarantees();
let posters: Registered[];
beforeAll(() => ({ posters } = fixtures()));

describe('hostile bodies', () => {
  const vectors = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '![img](javascript:alert(1))',
    '<svg onload=alert(1)><circle/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<style>body{display:none}</style>',
    '<a href="javascript:alert(1)">x</a>',
    '[x](https://ok.example "title\\" onmouseover=\\"alert(1)")',
    '<http://a.example/" onmouseover="alert(1)>',
  ];

  it.each(vectors)('never lets %j reach html', async (body) => {
    const { id } = await h().newArticle();
    const res = await request(h().http)
      .post(`/api/articles/${id}/comments`)
      .set(bearer(posters[0]!.token))
      .send({ body });
    expect(res.status).toBe(201);
    expectSafeHtml(res.body.comment.html);
  });

  it.each(['>', '```', '[ref]: https://example.com', '- '.repeat(3).trim()])(
    'stores a body that renders to (almost) nothing: %j',
    async (body) => {
      const { id } = await h().newArticle();
      const res = await request(h().http)
        .post(`/api/articles/${id}/comments`)
        .set(bearer(posters[0]!.token))
        .send({ body });
      expect(res.status).toBe(201);
      const quoting = await request(h().http)
        .post(`/api/articles/${id}/comments`)
        .set(bearer(posters[0]!.token))
        .send({ body: 'q', quoteId: res.body.comment.id });
      expect(quoting.status).toBe(201);
      expect(quoting.body.comment.quote.excerpt).toEqual(expect.any(String));
    },
  );

  it('links get rel="nofollow ugc noopener"', async () => {
    const { id } = await h().newArticle();
    const res = await request(h().http)
      .post(`/api/articles/${id}/comments`)
      .set(bearer(posters[0]!.token))
      .send({ body: '[site](https://example.com)' });
    expect(res.body.comment.html).toMatch(/<a [^>]*href="https:\/\/example\.com"[^>]*>/);
    expect(res.body.comment.html).toMatch(/rel="nofollow ugc noopener"/);
  });

  // Posted whole, not refused or cut. That rendering them stays linear is shown, without a clock, by
  // test/comments/render-linear-time.test.ts: a timed bound here failed whenever the machine was busy.
  it.each(['*', '[', '_', '`', '>', '!['])('posts 9,000 of %j', async (ch) => {
    const { id } = await h().newArticle();
    const body = ch.repeat(Math.floor(9_000 / ch.length));
    const res = await request(h().http)
      .post(`/api/articles/${id}/comments`)
      .set(bearer(posters[0]!.token))
      .send({ body });
    expect(res.status).toBe(201);
    expect(res.body.comment.body).toBe(body);
  });
});
