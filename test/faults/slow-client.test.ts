/**
 * A slow client against a real server process (issue 8, fault 6): one socket stops reading (its TCP socket
 * paused) while 20 readers follow a stream of large comments. The readers get every event, in order; the
 * server's memory does not grow without bound, and the slow socket is cut (it would resume with afterSeq).
 */
import { readFileSync } from 'node:fs';
import { useCluster } from '../helpers/cluster';
import { newArticleAt, postAt, useClusterClients } from '../realtime/cluster-clients';
import { ask } from '../realtime/harness';
import { until } from '../helpers/wait';
import { registerAt } from '../helpers/accounts';

jest.setTimeout(120_000);

const cluster = useCluster({ instances: 1 });
const connect = useClusterClients();
const READERS = 20;
/** Far more than the kernel's buffers and the server's 4 MB cap on one socket's backlog together. */
const MAX_POSTS = 4000;

function rssMegabytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

test('a socket that stops reading is cut, memory stays bounded, and 20 readers lose nothing', async () => {
  const server = cluster().instances[0]!;
  const url = server.url;
  const author = await registerAt(url, 'slow_author');
  const articleId = await newArticleAt(url, cluster().adminToken);

  const readers = await Promise.all(Array.from({ length: READERS }, () => connect(url)));
  const heard = readers.map((socket) => {
    const seqs: number[] = [];
    socket.on('article:event', (e) => seqs.push(e.seq));
    return seqs;
  });
  for (const socket of readers) expect(await ask(socket, 'article:join', { articleId })).toMatchObject({ ok: true });
  let readersCounted = 0;
  readers[0]!.on('presence', (p) => (readersCounted = p.readers));

  const slow = await connect(url);
  expect(await ask(slow, 'article:join', { articleId })).toMatchObject({ ok: true });
  await until('presence to count the slow socket', () => readersCounted === READERS + 1);
  // It stops reading: what the server sends it piles up in the kernel's buffers, then in the server.
  // How the slow socket learns it was cut: from the server's close once it reads again, or, when the
  // stream outlasts the client's ping timeout (25 + 20 s, on a loaded machine), from that timer first.
  let cutReason = '';
  slow.on('disconnect', (reason) => (cutReason = reason));
  const tcp = (slow.io.engine as unknown as { transport: { ws: { _socket: { pause(): void; resume(): void } } } })
    .transport.ws._socket;
  tcp.pause();

  const rssBefore = rssMegabytes(server.child.pid!);
  let rssPeak = rssBefore;
  const body = 'Words that fill a long comment. '.repeat(300).trim();
  let posted = 0;
  const stream = async () => {
    while (readersCounted !== READERS && posted < MAX_POSTS) {
      posted += 1;
      expect((await postAt(url, author.token, articleId, `${posted} ${body}`)).status).toBe(201);
      if (posted % 20 === 0) rssPeak = Math.max(rssPeak, rssMegabytes(server.child.pid!));
    }
  };
  // Until presence shows the slow socket gone (the server cut it).
  await Promise.all([stream(), stream()]);
  expect(readersCounted).toBe(READERS);

  tcp.resume();
  await until('the slow socket to see it was cut', () => slow.disconnected);
  expect(['transport close', 'ping timeout']).toContain(cutReason);

  await until('every reader to hear every comment', () => heard.every((seqs) => seqs.length >= posted), {
    timeoutMs: 30_000,
  });
  for (const seqs of heard) expect(seqs).toEqual(Array.from({ length: posted }, (_, i) => i + 1));
  expect(rssPeak - rssBefore).toBeLessThan(200);
  process.stdout.write(
    `slow client: cut after ${posted} comments of ${body.length} characters; ` +
      `server RSS ${rssBefore.toFixed(0)} MB before, peak ${rssPeak.toFixed(0)} MB\n`,
  );
});
