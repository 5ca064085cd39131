/**
 * Presence goes out at least every heartbeat even when nothing changes, so a client that lost a broadcast
 * learns the lastSeq (contract: at least every 15 s; here the heartbeat is shortened to one second).
 */
import { ask, useRealtimeHarness } from './harness';
import { sleep } from '../helpers/wait';

const h = useRealtimeHarness({}, { presenceHeartbeatMs: 1000 });

test('the sockets of an idle article get presence again and again', async () => {
  const { id: articleId } = await h().newArticle();
  const socket = await h().connect();
  expect(await ask(socket, 'article:join', { articleId })).toMatchObject({ ok: true });
  // Past the join's own presence, nothing happens on the article: only heartbeats remain.
  await sleep(1500);
  let heard = 0;
  socket.on('presence', (p) => {
    if (p.articleId === articleId) heard += 1;
  });
  await sleep(4500);
  expect(heard).toBeGreaterThanOrEqual(3);
});
