/**
 * Reaction counts across instances: reactions made on one instance reach the readers of another through
 * the Redis adapter, ending with the exact count.
 */
import request from 'supertest';
import { bearer } from '../api/harness';
import { useCluster } from '../helpers/cluster';
import { newArticleAt, postAt, useClusterClients } from './cluster-clients';
import { ask } from './harness';
import { until } from '../helpers/wait';
import { registerAt } from '../helpers/accounts';

jest.setTimeout(60_000);

const cluster = useCluster();
const connect = useClusterClients();

test('reactions on A and B reach a reader on the other instance with the final count', async () => {
  const [A, B] = cluster().instances.map((i) => i.url) as [string, string];
  const articleId = await newArticleAt(A, cluster().adminToken);
  const author = await registerAt(A, 'cluster_react_author');
  const { id } = await postAt(A, author.token, articleId, 'React across.');
  const readerOnA = await connect(A);
  const readerOnB = await connect(B);
  for (const r of [readerOnA, readerOnB]) await ask(r, 'article:join', { articleId });
  const heardA: number[] = [];
  const heardB: number[] = [];
  readerOnA.on('comment:reactions', (c) => c.commentId === id && heardA.push(c.reactions));
  readerOnB.on('comment:reactions', (c) => c.commentId === id && heardB.push(c.reactions));

  const fans = await Promise.all(Array.from({ length: 6 }, (_, i) => registerAt(i % 2 ? B : A, `cluster_fan_${i}`)));
  const put = (url: string, token: string) => request(url).put(`/api/comments/${id}/reaction`).set(bearer(token));
  await Promise.all(fans.map((f, i) => put(i % 2 ? B : A, f.token).expect(200)));
  await until('both readers to hear 6', () => heardA.at(-1) === 6 && heardB.at(-1) === 6, { timeoutMs: 15_000 });

  // One taken back on B only: the reader on A hears it.
  await request(B).delete(`/api/comments/${id}/reaction`).set(bearer(fans[1]!.token)).expect(200);
  await until('the reader on A to hear 5', () => heardA.at(-1) === 5, { timeoutMs: 15_000 });
});
