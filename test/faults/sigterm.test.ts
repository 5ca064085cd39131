/**
 * SIGTERM (issue 8, fault 4): a request in flight finishes with its normal answer, the stopping instance's
 * sockets (websocket and long-polling) are ended by the server at once so their clients can reconnect
 * elsewhere, the other instance's sockets stay, and the process exits 0 within 10 s. The request is held
 * in flight by stalling the store (SIGSTOP) around the signal; a reader of the stopped instance moves to
 * the other one and misses nothing.
 */
import request from 'supertest';
import { bearer } from '../api/harness';
import { useCluster } from '../helpers/cluster';
import { newArticleAt, postAt, useClusterClients } from '../realtime/cluster-clients';
import { disconnected } from '../realtime/harness';
import { expectExactly, moveReader, openReader, storedCommentIds } from '../realtime/thread-reader';
import { sleep, until } from '../helpers/wait';
import { registerAt } from '../helpers/accounts';

jest.setTimeout(60_000);

const cluster = useCluster();
const connect = useClusterClients();

test('SIGTERM: the request in flight is answered, sockets are ended at once, the process exits 0', async () => {
  const [A, B] = cluster().instances.map((i) => i.url) as [string, string];
  const stopping = cluster().instances[0]!;
  const author = await registerAt(A, 'term_author');
  const articleId = await newArticleAt(A, cluster().adminToken);
  const first = await postAt(A, author.token, articleId, 'Before the signal.');
  expect(first.status).toBe(201);

  const reader = await openReader((url) => connect(url), A, articleId);
  const polling = await connect(A, undefined, { transports: ['polling'] });
  const elsewhere = await connect(B);
  const readerGone = disconnected(reader.socket, 10_000).then((reason) => ({ reason, at: Date.now() }));
  const pollingGone = disconnected(polling, 10_000).then((reason) => ({ reason, at: Date.now() }));

  // The store stalls, so this post is in flight when the signal comes.
  cluster().store.process.kill('SIGSTOP');
  const inFlight = request(A)
    .post(`/api/articles/${articleId}/comments`)
    .set(bearer(author.token))
    .send({ body: 'In flight.' })
    .then((res) => res);
  await sleep(300);
  stopping.child.kill('SIGTERM');
  const signalledAt = Date.now();
  const [ws, poll] = await Promise.all([readerGone, pollingGone]);
  cluster().store.process.kill('SIGCONT');

  expect(ws.reason).toBe('io server disconnect');
  expect(poll.reason).toBe('io server disconnect');
  expect(Math.max(ws.at, poll.at) - signalledAt).toBeLessThan(1000);
  const answer = await inFlight;
  expect(answer.status).toBe(201);
  const exit = await stopping.exited;
  const exitMs = Date.now() - signalledAt;
  expect(exit).toEqual({ code: 0, signal: null });
  expect(exitMs).toBeLessThan(10_000);

  // Only the stopped instance's sockets were ended.
  expect(elsewhere.connected).toBe(true);

  // The reader goes on from B, with the comment that was in flight, and live again.
  await moveReader(reader, (url) => connect(url), B);
  const stored = await storedCommentIds(B, articleId);
  expect(stored).toEqual([first.id, answer.body.comment.id]);
  expectExactly(reader, stored);
  const after = await postAt(B, author.token, articleId, 'After the move.');
  await until('the reader to hear the next comment live', () => reader.sync.state().lastApplied === 3);
  expectExactly(reader, [...stored, after.id!]);
  process.stdout.write(
    `sigterm: sockets ended after ${ws.at - signalledAt} ms (websocket) and ${poll.at - signalledAt} ms (polling), ` +
      `in-flight post answered ${answer.status}, exit 0 after ${exitMs} ms\n`,
  );
});
