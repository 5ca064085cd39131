/**
 * The bare baseline: Socket.IO 4.8 with the Redis adapter on ioredis, doing the least a comment server
 * must: a room per article, `join`, and `post`, which emits a comment-shaped event (the same fields as
 * our PublicEvent, so the frames are of a size) to the room and acknowledges. No store, no auth, no checks.
 * Forked by the orchestrator with REDIS_URL; tells its parent the port over IPC.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { Server } from 'socket.io';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) throw new Error('REDIS_URL is required');

const pub = new Redis(redisUrl);
const sub = pub.duplicate();
const server = http.createServer();
const io = new Server(server, {
  path: '/socket.io',
  transports: ['polling', 'websocket'],
  adapter: createAdapter(pub, sub),
});

const author = { id: randomBytes(12).toString('hex'), username: 'baseline', displayName: 'Baseline' };
let seq = 0;
const room = (articleId: string) => `article:${articleId}`;

io.on('connection', (socket) => {
  socket.on('join', async (payload: { articleId: string }, ack: (a: object) => void) => {
    await socket.join(room(payload.articleId));
    ack({ ok: true });
  });
  socket.on('post', (payload: { articleId: string; body: string }, ack: (a: object) => void) => {
    seq += 1;
    const at = new Date().toISOString();
    const comment = {
      id: randomBytes(12).toString('hex'),
      articleId: payload.articleId,
      seq,
      parentId: null,
      quote: null,
      author,
      body: payload.body,
      html: `<p>${payload.body}</p>\n`,
      status: 'visible',
      createdAt: at,
      editedAt: null,
      editedBy: null,
    };
    io.to(room(payload.articleId)).emit('article:event', {
      articleId: payload.articleId,
      seq,
      type: 'comment.created',
      at,
      commentCount: seq,
      comment,
    });
    ack({ ok: true, comment });
  });
});

server.listen(0, '127.0.0.1', () =>
  process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port }),
);

const stop = () => {
  io.disconnectSockets(true);
  server.close();
  pub.disconnect();
  sub.disconnect();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The orchestrator is gone (killed, crashed): do not outlive it.
process.on('disconnect', stop);
