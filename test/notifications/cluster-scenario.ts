/** The cross-instance scenario, run over each Redis adapter (classic and sharded pub/sub). */
import request from 'supertest';
import { bearer } from '../api/harness';
import type { Cluster } from '../helpers/cluster';
import { postAt, newArticleAt, type useClusterClients } from '../realtime/cluster-clients';
import { registerAt } from '../helpers/accounts';
import { nextEvent } from '../realtime/harness';

/** A reply written on B reaches the recipient's sockets on A and on B, and reads the same on A. */
export async function replyReachesEveryInstance(
  cluster: Cluster,
  connect: ReturnType<typeof useClusterClients>,
  prefix: string,
): Promise<void> {
  const [A, B] = cluster.instances.map((i) => i.url) as [string, string];
  const articleId = await newArticleAt(A, cluster.adminToken);
  const owner = await registerAt(A, `${prefix}_notified`);
  const replier = await registerAt(B, `${prefix}_replier`);
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
  const listed = await request(A).get('/api/notifications').set(bearer(owner.token));
  expect(listed.body.items).toEqual([news.notification]);
}
