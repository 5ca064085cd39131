/**
 * What an idle reader leaves on the server (issue 19): once connected and joined, its handshake's HTTP
 * request can be collected (engine.io's upgrade response would keep it until the connection closes), its
 * handshake keeps only the headers read later, and it is in no room of its own. How much that saves is
 * measured by scripts/bench/heap-per-socket.ts, not here.
 */
import type { IncomingMessage } from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import { ask, useRealtimeHarness } from './harness';

const h = useRealtimeHarness();

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let articleId: string;
beforeAll(async () => {
  articleId = (await h().newArticle('Idle readers')).id;
});

test.each([
  ['websocket only', ['websocket']],
  ['long-polling, then the upgrade to websocket (a browser)', ['polling', 'websocket']],
])('an idle reader, %s, keeps no request, no unread headers and no own room', async (_mode, transports) => {
  const upgrades: WeakRef<IncomingMessage>[] = [];
  const seen = (_headers: unknown, req: IncomingMessage & { _query?: { transport?: string } }) => {
    if (req._query?.transport === 'websocket') upgrades.push(new WeakRef(req));
  };
  h().realtime.io.engine.on('headers', seen);
  try {
    const client = await h().connect({ transports, extraHeaders: { 'X-Forwarded-For': '192.0.2.1', 'X-Other': 'a' } });
    if (client.io.engine.transport.name !== 'websocket') {
      await new Promise((resolve) => client.io.engine.once('upgrade', resolve));
    }
    expect(await ask(client, 'article:join', { articleId, batch: true })).toMatchObject({ ok: true });

    const socket = h().realtime.io.of('/').sockets.get(client.id!)!;
    expect(Object.keys(socket.handshake.headers)).toEqual(['x-forwarded-for']);
    expect([...socket.rooms]).not.toContain(socket.id);
    expect(upgrades).toHaveLength(1);
    // A WeakRef's target outlives the turn that made it: collect on a later one.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(upgrades[0]!.deref()).toBeUndefined();
  } finally {
    h().realtime.io.engine.off('headers', seen);
  }
});
