/**
 * live_deliveries_total on two instances: each instance counts the events its own sockets were sent,
 * whichever instance emitted them (through the Redis adapter), and only those; live_events_broadcast_total
 * counts where the event was emitted.
 */
import { useCluster } from '../helpers/cluster';
import { newArticleAt, postAt, useClusterClients } from './cluster-clients';
import { ask, type ClientSocket } from './harness';
import { scrapeMetrics, type Scraped } from './scrape';
import { until } from '../helpers/wait';
import { registerAt } from '../helpers/accounts';

const cluster = useCluster();
const connect = useClusterClients();

test("each instance's /metrics counts the deliveries to its own readers, whichever instance posted", async () => {
  const [A, B] = cluster().instances.map((i) => i.url) as [string, string];
  const author = await registerAt(A, 'metrics_cluster_author');
  const [thread, other] = [await newArticleAt(A, cluster().adminToken), await newArticleAt(A, cluster().adminToken)];
  const heard = new Map<ClientSocket, number>();
  const reader = async (url: string, articleId: string) => {
    const socket = await connect(url);
    heard.set(socket, 0);
    socket.on('article:event', () => heard.set(socket, heard.get(socket)! + 1));
    expect(await ask(socket, 'article:join', { articleId })).toMatchObject({ ok: true });
    return socket;
  };
  // Three readers of the thread on A, two on B, and on B one reader of another article.
  const onA = [await reader(A, thread), await reader(A, thread), await reader(A, thread)];
  const onB = [await reader(B, thread), await reader(B, thread)];
  const elsewhere = await reader(B, other);

  const scrapeBoth = () => Promise.all([scrapeMetrics(A), scrapeMetrics(B)]);
  const delta = (before: Scraped[], after: Scraped[], name: string) => after.map((m, i) => m(name) - before[i]!(name));
  const postAndCount = async (url: string, heardBy: number) => {
    const before = await scrapeBoth();
    expect((await postAt(url, author.token, thread, `Through ${url === A ? 'A' : 'B'}`)).status).toBe(201);
    await until('every reader of the thread to hear it', () => [...onA, ...onB].every((s) => heard.get(s) === heardBy));
    const after = await scrapeBoth();
    return {
      deliveries: delta(before, after, 'live_deliveries_total'),
      broadcasts: delta(before, after, 'live_events_broadcast_total'),
    };
  };

  // [A, B]: each instance its own readers; the broadcast is counted where the post was made.
  expect(await postAndCount(A, 1)).toEqual({ deliveries: [3, 2], broadcasts: [1, 0] });
  expect(await postAndCount(B, 2)).toEqual({ deliveries: [3, 2], broadcasts: [0, 1] });
  expect(heard.get(elsewhere)).toBe(0);
});
