/** The API's own counters on /metrics: comments posted and moderation actions (issue: Metrics). */
import request from 'supertest';
import { bearer, useApiHarness } from './harness';

const h = useApiHarness();

function sample(text: string, line: string): number | undefined {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.split(' ')[1]);
}

it('counts comments posted (not retries) and moderation actions by action', async () => {
  const author = await h().register('metrics_author');
  const admin = await h().adminToken();
  const { id: articleId } = await h().newArticle();
  const post = (clientId: string) =>
    request(h().http)
      .post(`/api/articles/${articleId}/comments`)
      .set(bearer(author.token))
      .send({ body: 'counted', clientId });
  const first = await post('one').expect(201);
  await post('one').expect(200); // a retry creates nothing, so it is not counted
  await post('two').expect(201);
  await request(h().http)
    .post(`/api/comments/${first.body.comment.id as string}/remove`)
    .set(bearer(admin))
    .send({ reason: 'test' })
    .expect(200);

  const text = (await request(h().http).get('/metrics').expect(200)).text;
  expect(sample(text, 'comments_posted_total')).toBe(2);
  expect(sample(text, 'moderation_actions_total{action="remove"}')).toBe(1);
});
