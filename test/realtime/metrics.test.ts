/**
 * The live layer's metrics, scraped from /metrics over HTTP from loopback as Prometheus would: connected
 * sockets and joined article rooms follow the sockets; a comment posted over a socket counts one event
 * broadcast, one delivery per socket in the room, and one acknowledgement latency. With several instances,
 * see metrics-cluster.test.ts.
 */
import { ask, useRealtimeHarness } from './harness';
import { scrapeMetrics, scrapeUntil as scrapeUntilAt, type Scraped } from './scrape';

const h = useRealtimeHarness();

const scrape = () => scrapeMetrics(h().url);
const scrapeUntil = (check: (m: Scraped) => boolean, what: string) => scrapeUntilAt(h().url, check, what);

test('sockets, rooms, broadcasts, deliveries and comment:post acknowledgements are counted', async () => {
  const author = await h().register('metrics_author');
  const [first, second] = [await h().newArticle(), await h().newArticle()];
  const before = await scrape();
  expect(before('socketio_connected_sockets')).toBe(0);
  expect(before('socketio_joined_rooms')).toBe(0);

  const poster = await h().connect({ auth: { token: author.token } });
  const readers = [await h().connect(), await h().connect()];
  // One reader batched: its batch of one counts as one delivery, and its batch room is no joined article room.
  for (const socket of [poster, readers[0]!]) await ask(socket, 'article:join', { articleId: first.id });
  await ask(readers[1]!, 'article:join', { articleId: first.id, batch: true });
  await ask(readers[1]!, 'article:join', { articleId: second.id });
  const joined = await scrape();
  expect(joined('socketio_connected_sockets')).toBe(3);
  expect(joined('socketio_joined_rooms')).toBe(2);

  expect(await ask(poster, 'comment:post', { articleId: first.id, body: 'Counted.' })).toMatchObject({ ok: true });
  expect(await ask(readers[0]!, 'comment:post', { articleId: first.id, body: 'Refused: anonymous.' })).toMatchObject({
    ok: false,
  });
  // The broadcast may go out just after the acknowledgement.
  const broadcastOnce = (m: Scraped) => m('live_events_broadcast_total') > before('live_events_broadcast_total');
  const after = await scrapeUntil(broadcastOnce, 'the event to be broadcast');
  expect(after('live_events_broadcast_total') - before('live_events_broadcast_total')).toBe(1);
  expect(after('live_deliveries_total') - before('live_deliveries_total')).toBe(3);
  expect(after('comment_post_ack_seconds_count') - before('comment_post_ack_seconds_count')).toBe(2);
  expect(after('comment_post_ack_seconds_sum')).toBeGreaterThan(before('comment_post_ack_seconds_sum'));

  for (const socket of [poster, ...readers]) socket.disconnect();
  const gone = await scrapeUntil((m) => m('socketio_connected_sockets') === 0, 'the sockets to be gone');
  expect(gone('socketio_connected_sockets')).toBe(0);
  expect(gone('socketio_joined_rooms')).toBe(0);
});
