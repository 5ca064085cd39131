/**
 * Who a socket is: anonymous readers, tokens, the session cookie under the cross-site rules, foreign
 * origins; what a bad message gets (validation_failed, or the socket closed when it is over 1 MB); and a
 * socket that stops reading, cut before its backlog grows without bound.
 */
import request from 'supertest';
import { ask, disconnected, useRealtimeHarness } from './harness';
import { settle, sleep } from '../helpers/wait';

const h = useRealtimeHarness({ CORS_ORIGINS: 'https://friend.example' });

let articleId: string;
let memberToken: string;
/** `sid=...` as a browser would send it back. */
let memberCookie: string;

beforeAll(async () => {
  articleId = (await h().newArticle()).id;
  const reg = await request(h().http)
    .post('/api/auth/register')
    .send({ username: 'sock_member', password: 'correct horse battery' });
  expect(reg.status).toBe(201);
  memberToken = reg.body.token as string;
  const setCookie = ([] as string[]).concat(reg.headers['set-cookie'] ?? []);
  memberCookie = setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith('sid='))!;
  expect(memberCookie).toBeDefined();
});

describe('anonymous readers', () => {
  test('can join and read but get unauthenticated on comment:post', async () => {
    await h().comment(memberToken, articleId, 'Before the anonymous reader came.');
    const socket = await h().connect();
    const joined = await ask(socket, 'article:join', { articleId, afterSeq: 0 });
    expect(joined).toMatchObject({ ok: true, lastSeq: expect.any(Number), presence: { articleId, readers: 1 } });
    if (!joined.ok) throw new Error('join failed');
    expect(joined.missed.map((e) => e.comment?.body)).toContain('Before the anonymous reader came.');

    const posted = await ask(socket, 'comment:post', { articleId, body: 'Let me in.' });
    expect(posted).toEqual({ ok: false, error: { code: 'unauthenticated', message: expect.any(String) } });
  });

  test('a dead token makes an anonymous reader, not a refused handshake', async () => {
    const socket = await h().connect({ auth: { token: 'not-a-session' } });
    expect(await ask(socket, 'article:join', { articleId })).toMatchObject({ ok: true });
    expect(await ask(socket, 'comment:post', { articleId, body: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
  });
});

describe('payloads', () => {
  test('bad payloads get validation_failed naming the fields', async () => {
    const socket = await h().connect({ auth: { token: memberToken } });
    expect(await ask(socket, 'article:join', { articleId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', details: { fields: { articleId: expect.any(String) } } },
    });
    expect(await ask(socket, 'article:join', { articleId, afterSeq: -1, extra: 1 })).toMatchObject({
      ok: false,
      error: {
        code: 'validation_failed',
        details: { fields: { afterSeq: expect.any(String), extra: 'is not a known field' } },
      },
    });
    expect(await ask(socket, 'comment:post', { articleId, body: '' })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', details: { fields: { body: expect.any(String) } } },
    });
    expect(
      await ask(socket, 'articles:watch', { articleIds: Array.from({ length: 101 }, () => articleId) }),
    ).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    expect(await ask(socket, 'article:leave', 'not an object')).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });

  test('an unknown article is not_found and leaves the socket out of its room', async () => {
    const socket = await h().connect();
    expect(await ask(socket, 'article:join', { articleId: '0123456789abcdef01234567' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(h().realtime.io.of('/').adapter.rooms.get('article:0123456789abcdef01234567')).toBeUndefined();
  });

  test('a message over 1 MB closes that socket only', async () => {
    const big = await h().connect({ auth: { token: memberToken } });
    const other = await h().connect({ auth: { token: memberToken } });
    const closed = disconnected(big);
    big.emit('comment:post', { articleId, body: 'x'.repeat(2_000_000) }, () => undefined);
    expect(await closed).toBe('transport close');
    const posted = await ask(other, 'comment:post', { articleId, body: 'Still here.' });
    expect(posted).toMatchObject({ ok: true, comment: { body: 'Still here.' } });
  });
});

test('a socket that stops reading is cut once its backlog passes the cap; a reader keeping up is not', async () => {
  const slow = await h().connect();
  const fast = await h().connect();
  await ask(slow, 'article:join', { articleId });
  await ask(fast, 'article:join', { articleId });
  let fastHeard = 0;
  fast.on('presence', (p) => {
    if ((p as unknown as { pad?: string }).pad) fastHeard += 1;
  });
  // The slow client stops reading from its TCP socket, so what the server writes to it piles up.
  const tcp = (slow.io.engine as unknown as { transport: { ws: { _socket: { pause(): void; resume(): void } } } })
    .transport.ws._socket;
  tcp.pause();
  const slowId = slow.id!;
  // 40 MB of room traffic (posting that many comments would take minutes): well past the 4 MB cap.
  const padded = { articleId, readers: 2, typing: [], lastSeq: 0, pad: 'x'.repeat(20_000) };
  // In batches of 2 MB that the fast reader drains before the next one: all at once, a reader keeping up on
  // a loaded machine could still hold 40 MB when the cutter looks.
  for (let batch = 1; batch <= 20; batch++) {
    for (let i = 0; i < 100; i++) h().realtime.io.to(`article:${articleId}`).emit('presence', padded);
    await settle(
      () => fastHeard,
      (heard) => heard >= batch * 100,
      { timeoutMs: 5000, intervalMs: 5 },
    );
  }

  const sockets = h().realtime.io.of('/').sockets;
  expect(
    await settle(
      () => sockets.has(slowId),
      (held) => !held,
      { timeoutMs: 5000 },
    ),
  ).toBe(false);
  const closed = disconnected(slow);
  tcp.resume();
  expect(await closed).toBe('transport close');

  await sleep(200);
  expect(fastHeard).toBe(2000);
  expect(await ask(fast, 'article:leave', { articleId })).toEqual({ ok: true });
});

describe('cross-site rules', () => {
  test('a handshake with a foreign Origin is refused, even with a valid token', async () => {
    const headers = { auth: { token: memberToken }, extraHeaders: { Origin: 'https://evil.example' } };
    await h().connectRefused(headers);
    await h().connectRefused({ ...headers, transports: ['polling'] });
    const handshake = (origin: string) =>
      request(h().url).get('/socket.io/').query({ EIO: '4', transport: 'polling' }).set('Origin', origin);
    expect((await handshake('https://evil.example')).status).toBe(403);
    expect((await handshake('https://friend.example')).status).toBe(200);
  });

  test('the own origin and the CORS_ORIGINS ones may connect with the cookie', async () => {
    for (const origin of [h().url, 'https://friend.example']) {
      const socket = await h().connect({ extraHeaders: { Origin: origin, Cookie: memberCookie } });
      expect(await ask(socket, 'comment:post', { articleId, body: `Cookie from ${origin}.` })).toMatchObject({
        ok: true,
      });
    }
  });

  test('without Origin the cookie counts only with Sec-Fetch-Site: same-origin', async () => {
    const sameOrigin = await h().connect({ extraHeaders: { Cookie: memberCookie, 'Sec-Fetch-Site': 'same-origin' } });
    expect(await ask(sameOrigin, 'comment:post', { articleId, body: 'Same origin.' })).toMatchObject({ ok: true });

    const noSameOrigin: Record<string, string>[] = [
      { Cookie: memberCookie },
      { Cookie: memberCookie, 'Sec-Fetch-Site': 'cross-site' },
    ];
    for (const headers of noSameOrigin) {
      const socket = await h().connect({ extraHeaders: headers });
      expect(await ask(socket, 'comment:post', { articleId, body: 'No origin.' })).toMatchObject({
        ok: false,
        error: { code: 'unauthenticated' },
      });
    }
  });

  test('a tampered cookie makes an anonymous reader', async () => {
    const tampered = memberCookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const socket = await h().connect({ extraHeaders: { Cookie: tampered, 'Sec-Fetch-Site': 'same-origin' } });
    expect(await ask(socket, 'comment:post', { articleId, body: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
  });

  test('long-polling works as well as websocket', async () => {
    const socket = await h().connect({ transports: ['polling'], auth: { token: memberToken } });
    expect(await ask(socket, 'comment:post', { articleId, body: 'Over polling.' })).toMatchObject({ ok: true });
  });
});
