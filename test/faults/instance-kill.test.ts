/**
 * An instance killed with SIGKILL in the middle of a post stream (issue 8, fault 1): its readers reconnect
 * to the other instance the way a browser does (join again with afterSeq = last applied, through
 * shared/thread-sync.ts) and end with every acknowledged comment exactly once, in seq order; the
 * surviving instance stops counting the dead one's readers in presence within 15 s.
 */
import { useCluster } from '../helpers/cluster';
import { newArticleAt, postAt, useClusterClients } from '../realtime/cluster-clients';
import { ask } from '../realtime/harness';
import { expectExactly, moveReader, openReader, storedCommentIds, type Reader } from '../realtime/thread-reader';
import { sleep, until } from '../helpers/wait';
import { registerAt } from '../helpers/accounts';

jest.setTimeout(90_000);

const cluster = useCluster();
const connect = useClusterClients();

test('the readers of a killed instance move to the other one and end exact; its readers drop out of presence', async () => {
  const [A, B] = cluster().instances.map((i) => i.url) as [string, string];
  const victim = cluster().instances[1]!;
  const author = await registerAt(A, 'kill_author');
  const articleId = await newArticleAt(A, cluster().adminToken);
  const readers = await Promise.all(
    Array.from({ length: 8 }, (_, i) => openReader((url) => connect(url), i % 2 === 0 ? A : B, articleId)),
  );

  // A reader on A that only watches presence.
  const watcher = await connect(A);
  let readersSeen = 0;
  watcher.on('presence', (p) => {
    if (p.articleId === articleId) readersSeen = p.readers;
  });
  expect(await ask(watcher, 'article:join', { articleId })).toMatchObject({ ok: true });
  await until('presence to count the readers of both instances', () => readersSeen === 9);

  // Each reader of B, once its socket is lost, joins A again from where it was.
  const moves: Promise<void>[] = [];
  for (const reader of readers.filter((r) => r.url === B)) {
    reader.socket.once('disconnect', () => moves.push(moveReader(reader, (url) => connect(url), A)));
  }

  const acknowledged: string[] = [];
  const refused: number[] = [];
  let unanswered = 0;
  let streaming = true;
  const stream = async (url: string) => {
    for (let i = 0; streaming; i++) {
      try {
        const { status, id } = await postAt(url, author.token, articleId, `Through ${url === A ? 'A' : 'B'}, #${i}`);
        if (id) acknowledged.push(id);
        else refused.push(status);
      } catch {
        // The connection died with the instance: no answer, so nothing was promised.
        unanswered += 1;
        return;
      }
      await sleep(25);
    }
  };
  const streams = [stream(A), stream(B)];
  await sleep(1000);
  victim.child.kill('SIGKILL');
  const killedAt = Date.now();
  await victim.exited;
  await sleep(1000);
  streaming = false;
  await Promise.all(streams);
  expect(refused).toEqual([]);

  await until('the readers of B to notice', () => moves.length === 4);
  await Promise.all(moves);
  const moved = readers.filter((r) => r.url === A);
  expect(moved).toHaveLength(8);

  const stored = await storedCommentIds(A, articleId);
  // A post whose connection died may have been stored without its answer; every answered one is there.
  expect(stored).toEqual(expect.arrayContaining(acknowledged));
  expect(stored.length - acknowledged.length).toBeLessThanOrEqual(unanswered);
  await until(
    'every reader to catch up',
    () => readers.every((r: Reader) => r.sync.state().lastApplied >= stored.length),
    { timeoutMs: 20_000 },
  );
  for (const reader of readers) expectExactly(reader, stored);

  // The moved readers count on A while B's last report still does (13), until B's heartbeat expires (9).
  await until('presence to count the moved readers', () => readersSeen === 13, { timeoutMs: 5000 });
  await until('the dead instance’s readers to drop out of presence', () => readersSeen === 9, { timeoutMs: 20_000 });
  const dropSeconds = (Date.now() - killedAt) / 1000;
  expect(dropSeconds).toBeLessThan(20);
  process.stdout.write(
    `instance kill: ${acknowledged.length} acknowledged, ${stored.length - acknowledged.length} stored without an answer, ` +
      `dead instance's readers dropped out of presence after ${dropSeconds.toFixed(1)} s\n`,
  );
});
