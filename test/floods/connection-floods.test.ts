/**
 * Connection floods from one address and binary packets (issue 14). The server runs as a child process
 * with RATE_LIMITS=off (these bounds hold regardless) and SOCKETS_PER_ADDRESS=50 (the default is higher;
 * a small cap keeps the test light). Before the cap, one address held 20,000 idle websockets until the
 * process ran out of file descriptors, and 40,000 polling handshakes made +360 MB in 18 s.
 */
import http from 'node:http';
import {
  HEALTH_BOUND_MS,
  RSS_CEILING_MB,
  connect,
  report,
  rssMb,
  send,
  startFloodServer,
  watch,
  type FloodServer,
  type FloodSocket,
} from './flood-kit';
import { sleep } from '../helpers/wait';

const CAP = 50;

let s: FloodServer & { stop(): Promise<void> };
const sockets: FloodSocket[] = [];

beforeAll(async () => {
  s = await startFloodServer({ SOCKETS_PER_ADDRESS: String(CAP) });
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await s?.stop();
}, 30_000);

const closeAll = async () => {
  for (const socket of sockets.splice(0)) socket.close();
  // The server hears the closes a moment later.
  await sleep(500);
};

test('websockets beyond the per-address cap are refused; another address is still served', async () => {
  const start = rssMb(s.server.child.pid!);
  const watcher = await watch(s);
  const outcomes = await Promise.allSettled(Array.from({ length: CAP + 30 }, () => connect(s.url)));
  const seen = await watcher.stop();
  for (const o of outcomes) if (o.status === 'fulfilled') sockets.push(o.value);
  const refused = outcomes.filter((o) => o.status === 'rejected').length;
  report(`${CAP + 30} websockets from one address`, start, seen, `${sockets.length} connected, ${refused} refused`);

  expect(sockets.length).toBe(CAP);
  expect(refused).toBe(30);
  // Another address (loopback has all of 127/8) connects and reads.
  const other = await connect(s.url, { localAddress: '127.0.0.2' } as never);
  sockets.push(other);
  expect(await other.timeout(10_000).emitWithAck('article:join', { articleId: s.articleId })).toMatchObject({
    ok: true,
  });
  // Closing sockets frees their places.
  await closeAll();
  sockets.push(await connect(s.url));
  await closeAll();
}, 120_000);

test('5,000 polling handshakes over 20 keep-alive connections: refused past the cap, bounded memory', async () => {
  const start = rssMb(s.server.child.pid!);
  const watcher = await watch(s);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
  const tally: Record<number, number> = {};
  await Promise.all(
    Array.from({ length: 5000 }, () =>
      send(s.url, 'GET', '/socket.io/?EIO=4&transport=polling', { agent }).then((r) => {
        tally[r.status] = (tally[r.status] ?? 0) + 1;
      }),
    ),
  );
  agent.destroy();
  const seen = await watcher.stop();
  report('5,000 polling handshakes, one address', start, seen, JSON.stringify(tally));

  expect(tally[200]).toBeLessThanOrEqual(CAP);
  expect(seen.peakRssMb - start).toBeLessThan(RSS_CEILING_MB);
  expect(seen.maxHealthMs).toBeLessThan(HEALTH_BOUND_MS);
  // The abandoned sessions still hold the address's places until they time out; another address connects.
  const other = await connect(s.url, { localAddress: '127.0.0.3' } as never);
  sockets.push(other);
  expect(other.connected).toBe(true);
}, 120_000);

/** A raw Socket.IO packet straight onto the engine (socket.io-client would encode binary itself). */
const engineOf = (socket: FloodSocket) =>
  (socket as unknown as { io: { engine: { send(data: string | Buffer): void } } }).io.engine;

const disconnectReason = (socket: FloodSocket, ms: number) =>
  new Promise<string>((resolve) => {
    const timer = setTimeout(() => resolve('still connected'), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });

test('a packet announcing binary attachments closes its socket at once; the others go on', async () => {
  const pid = s.server.child.pid!;
  const start = rssMb(pid);
  const attacker = await connect(s.url, { localAddress: '127.0.0.4' } as never);
  const bystander = await connect(s.url, { localAddress: '127.0.0.4' } as never);
  sockets.push(attacker, bystander);
  const gone = disconnectReason(attacker, 5000);
  const placeholders = Array.from({ length: 10 }, (_, num) => ({ _placeholder: true, num }));
  engineOf(attacker).send(`510-1${JSON.stringify(['article:join', ...placeholders])}`);
  for (let i = 0; i < 9; i++) engineOf(attacker).send(Buffer.alloc(999_000, i));
  expect(await gone).not.toBe('still connected');
  process.stdout.write(`[flood] binary attachments: RSS ${start.toFixed(0)} -> ${rssMb(pid).toFixed(0)} MB\n`);
  expect(await bystander.timeout(10_000).emitWithAck('article:join', { articleId: s.articleId })).toMatchObject({
    ok: true,
  });
}, 60_000);

test('an ordinary emit with a Buffer in it closes that socket too', async () => {
  const socket = await connect(s.url, { localAddress: '127.0.0.5' } as never);
  sockets.push(socket);
  const gone = disconnectReason(socket, 5000);
  socket.emit('article:join', { articleId: s.articleId, blob: Buffer.from('binary') });
  expect(await gone).not.toBe('still connected');
  expect((await send(s.url, 'GET', '/healthz')).status).toBe(200);
}, 60_000);
