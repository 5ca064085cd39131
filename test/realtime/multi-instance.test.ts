/**
 * The live layer over several instances sharing one store and one Redis: each instance runs as its own
 * process (server/index.ts with REDIS_URL). Events stored on one reach the readers on all of them, once
 * and in order; presence counts the readers of every instance; a ban or a logout handled by one
 * instance ends the sockets on another. (multi-instance-sharded.test.ts runs the same over sharded pub/sub.)
 */
import request from 'supertest';
import { bearer } from '../api/harness';
import { useCluster } from '../helpers/cluster';
import { newArticleAt, useClusterClients } from './cluster-clients';
import {
  banAcrossInstances,
  fanOutAcrossInstances,
  logoutAcrossInstances,
  type TwoInstances,
} from './cluster-scenarios';
import { ask, nextEvent } from './harness';
import { registerAt } from '../helpers/accounts';

jest.setTimeout(60_000);

const cluster = useCluster();
const connect = useClusterClients();
const two = (): TwoInstances => ({
  A: cluster().instances[0]!.url,
  B: cluster().instances[1]!.url,
  adminToken: cluster().adminToken,
  connect,
});

test('40 readers on two instances receive 60 comments posted on both, once each and in seq order', async () => {
  await fanOutAcrossInstances(two(), { readers: 40, comments: 60 });
});

test('presence counts the readers of both instances and a typing user of the other one', async () => {
  const { A, B, adminToken } = two();
  const typist = await registerAt(B, 'multi_typist');
  const articleId = await newArticleAt(B, adminToken);
  const onA = await connect(A);
  await ask(onA, 'article:join', { articleId });
  const seesThree = nextEvent(onA, 'presence', (p) => p.readers === 3, 8000);
  const onB = [await connect(B, typist.token), await connect(B)];
  for (const r of onB) await ask(r, 'article:join', { articleId });
  await seesThree;

  const seesTyping = nextEvent(onA, 'presence', (p) => p.typing.some((u) => u.id === typist.id), 8000);
  onB[0]!.emit('typing', { articleId });
  expect(await seesTyping).toMatchObject({
    articleId,
    readers: 3,
    typing: [{ id: typist.id, username: 'multi_typist' }],
  });

  // A comment stored on B moves lastSeq for the reader on A too (announced once it stood still over two
  // syncs: 2.5–4.5 s); readers leaving B drop out of A's count.
  const seesSeq = nextEvent(onA, 'presence', (p) => p.lastSeq === 1, 12_000);
  expect(
    (await request(B).post(`/api/articles/${articleId}/comments`).set(bearer(typist.token)).send({ body: 'Hi.' }))
      .status,
  ).toBe(201);
  await seesSeq;
  const seesOne = nextEvent(onA, 'presence', (p) => p.readers === 1, 8000);
  for (const r of onB) r.disconnect();
  await seesOne;
  onA.disconnect();
});

test('a ban on B revokes the user’s socket on A within a second', async () => {
  await banAcrossInstances(two());
});

test('a logout on B revokes that session’s socket on A, and only that one', async () => {
  await logoutAcrossInstances(two());
});
