/**
 * The live layer over several instances sharing one store and one Redis: each instance runs as its own
 * process (server/index.ts with REDIS_URL). Events stored on one reach the readers on all of them, once
 * and in order; presence counts the readers of every instance; a ban or a logout handled by one
 * instance ends the sockets on another.
 */
import { io as connectClient } from 'socket.io-client';
import request from 'supertest';
import type { PublicEvent } from '../../shared/events';
import { bearer, PASSWORD } from '../api/harness';
import { useCluster } from '../helpers/cluster';
import { ask, disconnected, nextEvent, type ClientSocket } from './harness';

jest.setTimeout(60_000);

const cluster = useCluster();
const clients: ClientSocket[] = [];

afterAll(() => {
  for (const socket of clients) socket.disconnect();
});

const A = () => cluster().instances[0]!.url;
const B = () => cluster().instances[1]!.url;

function connect(url: string, token?: string): Promise<ClientSocket> {
  const socket: ClientSocket = connectClient(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...(token ? { auth: { token } } : {}) });
  clients.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function register(url: string, username: string): Promise<{ token: string; id: string }> {
  const res = await request(url).post('/api/auth/register').send({ username, password: PASSWORD });
  expect(res.status).toBe(201);
  return { token: res.body.token as string, id: res.body.user.id as string };
}

async function login(url: string, username: string): Promise<string> {
  const res = await request(url).post('/api/auth/login').send({ username, password: PASSWORD });
  expect(res.status).toBe(200);
  return res.body.token as string;
}

let admin: string;
async function newArticle(url: string): Promise<string> {
  const res = await request(url).post('/api/articles').set(bearer(admin)).send({ title: `Shared ${Date.now()} ${Math.random()}`, body: 'Some text.' });
  expect(res.status).toBe(201);
  return res.body.article.id as string;
}

beforeAll(() => {
  admin = cluster().adminToken;
});

test('40 readers on two instances receive 60 comments posted on both, once each and in seq order', async () => {
  const author = await register(A(), 'multi_author');
  const articleId = await newArticle(A());
  const readers = await Promise.all(Array.from({ length: 40 }, (_, i) => connect(i % 2 === 0 ? A() : B())));
  for (const r of readers) expect(await ask(r, 'article:join', { articleId })).toMatchObject({ ok: true, lastSeq: 0 });
  const heard = readers.map((r) => {
    const events: PublicEvent[] = [];
    r.on('article:event', (e) => events.push(e));
    return events;
  });
  const posters = [await connect(A(), author.token), await connect(B(), author.token)];

  const bodies: string[] = [];
  for (let i = 0; i < 60; i++) {
    const body = `Comment ${i}`;
    bodies.push(body);
    const url = i % 4 < 2 ? A() : B();
    if (i % 2 === 0) {
      expect((await request(url).post(`/api/articles/${articleId}/comments`).set(bearer(author.token)).send({ body })).status).toBe(201);
    } else {
      expect(await ask(posters[url === A() ? 0 : 1]!, 'comment:post', { articleId, body })).toMatchObject({ ok: true });
    }
  }
  await until(() => heard.every((events) => events.length >= 60), 'every reader to hear 60 events');
  await new Promise((r) => setTimeout(r, 200));
  for (const events of heard) {
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(events.map((e) => e.comment?.body)).toEqual(bodies);
  }

  // A removal on B reaches the readers of both without its text; a lock on A is told to readers on B.
  const last = heard[0]!.at(-1)!.comment!.id;
  const removals = readers.map((r) => nextEvent(r, 'article:event', (e) => e.type === 'comment.removed'));
  expect((await request(B()).post(`/api/comments/${last}/remove`).set(bearer(admin)).send({ reason: 'rude' })).status).toBe(200);
  for (const removed of await Promise.all(removals)) {
    expect(removed).toMatchObject({ seq: 61, comment: { id: last, status: 'removed', body: '', html: '' } });
    expect(JSON.stringify(removed)).not.toContain('Comment 59');
  }
  const locks = readers.filter((_, i) => i % 2 === 1).map((r) => nextEvent(r, 'article:event', (e) => e.type === 'article.locked'));
  expect((await request(A()).patch(`/api/articles/${articleId}`).set(bearer(admin)).send({ locked: true })).status).toBe(200);
  for (const locked of await Promise.all(locks)) expect(locked).toMatchObject({ articleId, seq: 62, type: 'article.locked' });
  for (const r of [...readers, ...posters]) r.disconnect();
});

test('presence counts the readers of both instances and a typing user of the other one', async () => {
  const typist = await register(B(), 'multi_typist');
  const articleId = await newArticle(B());
  const onA = await connect(A());
  await ask(onA, 'article:join', { articleId });
  const seesThree = nextEvent(onA, 'presence', (p) => p.readers === 3, 8000);
  const onB = [await connect(B(), typist.token), await connect(B())];
  for (const r of onB) await ask(r, 'article:join', { articleId });
  await seesThree;

  const seesTyping = nextEvent(onA, 'presence', (p) => p.typing.some((u) => u.id === typist.id), 8000);
  onB[0]!.emit('typing', { articleId });
  expect(await seesTyping).toMatchObject({ articleId, readers: 3, typing: [{ id: typist.id, username: 'multi_typist' }] });

  // A comment stored on B moves lastSeq for the reader on A too; readers leaving B drop out of A's count.
  const seesSeq = nextEvent(onA, 'presence', (p) => p.lastSeq === 1, 8000);
  expect((await request(B()).post(`/api/articles/${articleId}/comments`).set(bearer(typist.token)).send({ body: 'Hi.' })).status).toBe(201);
  await seesSeq;
  const seesOne = nextEvent(onA, 'presence', (p) => p.readers === 1, 8000);
  for (const r of onB) r.disconnect();
  await seesOne;
  onA.disconnect();
});

test('a ban on B revokes the user’s socket on A within a second', async () => {
  const user = await register(A(), 'multi_banned');
  const socket = await connect(A(), user.token);
  const revoked = nextEvent(socket, 'session:revoked', () => true, 1000);
  const closed = disconnected(socket, 1500);
  const bystander = await connect(A(), (await register(A(), 'multi_bystander')).token);
  expect((await request(B()).post(`/api/users/${user.id}/ban`).set(bearer(admin)).send({ reason: 'spam' })).status).toBe(200);
  expect(await revoked).toEqual({ reason: 'banned' });
  expect(await closed).toBe('io server disconnect');
  expect(bystander.connected).toBe(true);
  bystander.disconnect();
});

test('a logout on B revokes that session’s socket on A, and only that one', async () => {
  const user = await register(A(), 'multi_logout');
  const other = await login(B(), 'multi_logout');
  const ending = await connect(A(), user.token);
  const staying = await connect(A(), other);
  const revoked = nextEvent(ending, 'session:revoked', () => true, 1000);
  const closed = disconnected(ending, 1500);
  expect((await request(B()).post('/api/auth/logout').set(bearer(user.token))).status).toBe(204);
  expect(await revoked).toEqual({ reason: 'logout' });
  expect(await closed).toBe('io server disconnect');
  const articleId = await newArticle(A());
  expect(staying.connected).toBe(true);
  expect(await ask(staying, 'comment:post', { articleId, body: 'Still here.' })).toMatchObject({ ok: true });
  staying.disconnect();
});
