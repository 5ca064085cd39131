/**
 * The live layer under test: the API harness's app and store, served on a real HTTP server on an
 * ephemeral port with Socket.IO attached, and real socket.io-client sockets talking to it.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connectClient, type Socket, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events';
import { loadConfig } from '../../server/config';
import { createEventBus } from '../../server/events/publisher';
import { createRealtime, type Realtime, type RealtimeDeps } from '../../server/realtime/io';
import { harnessEnv, listen, useApiHarness, type Harness } from '../api/harness';
import { quietLogger } from '../app/support';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface RealtimeHarness extends Harness {
  url: string;
  realtime: Realtime;
  /** A connected socket (anonymous unless `auth.token` or a cookie says otherwise); closed after the file. */
  connect(opts?: Partial<ManagerOptions & SocketOptions>): Promise<ClientSocket>;
  /** A socket whose handshake the server refuses: answers the connect_error. */
  connectRefused(opts?: Partial<ManagerOptions & SocketOptions>): Promise<Error>;
}

/** `options`: what a test may tune in createRealtime besides the app's own dependencies. */
export function useRealtimeHarness(
  env: Record<string, string> = {},
  options: Pick<RealtimeDeps, 'presenceHeartbeatMs'> = {},
): () => RealtimeHarness {
  // As in index.ts: one publisher, which the app's domain publishes on and the live layer attaches to.
  const publisher = createEventBus();
  const api = useApiHarness(env, { publisher });
  let harness: RealtimeHarness | undefined;
  let server: Server | undefined;
  const clients: ClientSocket[] = [];

  const open = (url: string, opts: Partial<ManagerOptions & SocketOptions>) => {
    // No reconnection: a test that closes or loses a socket must see it stay closed.
    const socket: ClientSocket = connectClient(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...opts,
    });
    clients.push(socket);
    return socket;
  };

  beforeAll(async () => {
    const h = api();
    server = await listen(h.app);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = loadConfig(harnessEnv(env));
    const realtime = createRealtime({
      httpServer: server,
      ctx: h.app.ctx,
      publisher,
      config,
      logger: quietLogger,
      metrics: h.app.metrics.realtime,
      sessionSecret: h.app.sessionSecret,
      ...options,
    });
    harness = Object.assign(Object.create(h) as Harness, {
      url,
      realtime,
      connect: (opts: Partial<ManagerOptions & SocketOptions> = {}) =>
        new Promise<ClientSocket>((resolve, reject) => {
          const socket = open(url, opts);
          socket.once('connect', () => resolve(socket));
          socket.once('connect_error', reject);
        }),
      connectRefused: (opts: Partial<ManagerOptions & SocketOptions> = {}) =>
        new Promise<Error>((resolve, reject) => {
          const socket = open(url, opts);
          socket.once('connect', () => reject(new Error('the handshake was accepted')));
          socket.once('connect_error', resolve);
        }),
    });
  });

  afterAll(async () => {
    // The server ends the sockets first, so no client is left writing (a polling close) after the file.
    await harness?.realtime.close();
    await Promise.all(clients.map((socket) => disconnected(socket).catch(() => socket.disconnect())));
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  return () => {
    if (!harness) throw new Error('the realtime harness did not start');
    return harness;
  };
}

/** Emits with an acknowledgement and answers it (socket.io-client's own timeout turns silence into an error). */
type AckAnswer<E extends keyof ClientToServerEvents> = ClientToServerEvents[E] extends (
  p: never,
  ack: (answer: infer A) => void,
) => void
  ? A
  : never;

export function ask<E extends keyof ClientToServerEvents>(
  socket: ClientSocket,
  event: E,
  payload: unknown,
): Promise<AckAnswer<E>> {
  return (socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<never> }).emitWithAck(
    event,
    payload,
  );
}

/** The next `event` on `socket` whose payload satisfies `test` (events before it are skipped). */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  test: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!test(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

/** Resolves when the socket is disconnected, with the reason. */
export function disconnected(socket: ClientSocket, timeoutMs = 5000): Promise<string> {
  if (socket.disconnected) return Promise.resolve('already disconnected');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}
