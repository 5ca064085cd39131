/**
 * Clients of server processes reached by URL (the instances of useCluster): sockets that stay closed once
 * lost (a test reconnects them itself, as a browser would), and the REST calls the scenarios make.
 */
import { io as connectClient, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import request from 'supertest';
import { bearer } from '../api/harness';
import type { ClientSocket } from './harness';

/** Opens sockets and disconnects whatever is left of them after the file. */
export function useClusterClients(): (
  url: string,
  token?: string,
  opts?: Partial<ManagerOptions & SocketOptions>,
) => Promise<ClientSocket> {
  const clients: ClientSocket[] = [];
  afterAll(() => {
    for (const socket of clients) socket.disconnect();
  });
  return (url, token, opts = {}) => {
    const socket: ClientSocket = connectClient(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(token ? { auth: { token } } : {}),
      ...opts,
    });
    clients.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  };
}

export async function newArticleAt(url: string, adminToken: string): Promise<string> {
  const res = await request(url)
    .post('/api/articles')
    .set(bearer(adminToken))
    .send({ title: `Shared ${Date.now()} ${Math.random()}`, body: 'Some text.' });
  expect(res.status).toBe(201);
  return res.body.article.id as string;
}

/** POSTs a comment; answers the status and, on 201, the comment's id (never throws on a refused request). */
export async function postAt(
  url: string,
  token: string,
  articleId: string,
  body: string,
): Promise<{ status: number; id?: string }> {
  const res = await request(url).post(`/api/articles/${articleId}/comments`).set(bearer(token)).send({ body });
  return { status: res.status, ...(res.status === 201 ? { id: res.body.comment.id as string } : {}) };
}
