/**
 * Clients of the proxy as seen from different machines: every loopback address 127.x.y.z is this host,
 * so a request or socket bound to 127.0.0.N reaches nginx from a peer address of its own, the way
 * different users would (no header that the proxy is told to believe).
 */
import http from 'node:http';
import https from 'node:https';
import { gunzipSync } from 'node:zlib';
import { io as connectClient, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import type { ClientSocket } from '../realtime/harness';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as sent (still compressed when Content-Encoding says so). */
  raw: Buffer;
  /** The body, decompressed. */
  text: string;
  json(): Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** The local (loopback) address to call from. */
  from?: string;
}

/** One HTTP(S) request from `from`; a self-signed certificate is accepted (the test made it). */
export function call(url: string, options: CallOptions = {}): Promise<Answer> {
  const target = new URL(url);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers = { ...(body ? { 'Content-Type': 'application/json' } : {}), ...options.headers };
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      { method: options.method ?? 'GET', headers, localAddress: options.from, rejectUnauthorized: false, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const text = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Opens sockets from given addresses and closes whatever is left of them after the file. */
type ConnectFrom = (url: string, from: string, opts?: Partial<ManagerOptions & SocketOptions>) => Promise<ClientSocket>;

export function useProxyClients(): ConnectFrom {
  const clients: ClientSocket[] = [];
  afterAll(() => {
    for (const socket of clients) socket.disconnect();
  });
  return (url, from, opts = {}) => {
    // The agent carries the address for long-polling; `localAddress` for the WebSocket (engine.io passes it on).
    const agent = new http.Agent({ localAddress: from, keepAlive: true });
    const socket: ClientSocket = connectClient(url, {
      reconnection: false,
      forceNew: true,
      ...({ agent, localAddress: from } as object),
      // What a browser on the site sends: the page's own origin.
      extraHeaders: { Origin: url },
      ...opts,
    });
    clients.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  };
}
