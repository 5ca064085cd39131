/**
 * Notifications across instances: two server processes on one real redis-server. A reply written on B
 * reaches its recipient's socket connected to A, through the per-user room and the Redis adapter.
 */
import request from 'supertest';
import { bearer } from '../api/harness';
import { useCluster } from '../helpers/cluster';
import { newArticleAt, postAt, registerAt, useClusterClients } from '../realtime/cluster-clients';
import { nextEvent } from '../realtime/harness';

jest.setTimeout(60_000);

const cluster = useCluster();
const connect = useClusterClients();

test('a reply made on instance B reaches the recipient’s sockets on A and on B', async () => {
  const [A, B] = cluster().instances.map((i) => i.url) as [string, string];
  const articleId = await newArticleAt(A, cluster().adminToken);
  const owner = await registerAt(A, 'cluster_notified');
  const replier = await registerAt(B, 'cluster_replier');
  const { id: parentId } = await postAt(A, owner.token, articleId, 'Reply to me.');
  const onA = await connect(A, owner.token);
  const onB = await connect(B, owner.token);
  const heardA = nextEvent(onA, 'notification');
  const heardB = nextEvent(onB, 'notification');

  const res = await request(B)
    .post(`/api/articles/${articleId}/comments`)
    .set(bearer(replier.token))
    .send({ body: 'From B.', parentId });
  expect(res.status).toBe(201);
  const news = await heardA;
  expect(news).toMatchObject({
    unread: 1,
    notification: { type: 'reply', comment: { id: res.body.comment.id }, actor: { id: replier.id } },
  });
  expect(await heardB).toEqual(news);
  // The recipient reads it on A: the store is one.
  const listed = await request(A).get('/api/notifications').set(bearer(owner.token));
  expect(listed.body.items).toEqual([news.notification]);
});
