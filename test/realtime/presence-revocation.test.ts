/**
 * Presence (readers, typing users, lastSeq) and the end of sessions: logout ends that session's sockets
 * only, a ban every socket of the user; each hears session:revoked, then is disconnected.
 */
import request from 'supertest';
import { bearer, PASSWORD, type Registered } from '../api/harness';
import { SESSION_RECHECK_MS } from '../../server/realtime/ack';
import { ask, disconnected, nextEvent, useRealtimeHarness } from './harness';
import { sleep } from '../helpers/wait';

const h = useRealtimeHarness();

let alice: Registered;
let bob: Registered;

beforeAll(async () => {
  [alice, bob] = [await h().register('pres_alice', 'Alice'), await h().register('pres_bob')];
});

async function login(username: string): Promise<string> {
  const res = await request(h().http).post('/api/auth/login').send({ username, password: PASSWORD });
  expect(res.status).toBe(200);
  return res.body.token as string;
}

describe('presence', () => {
  test('counts the readers of the article and shows a typing user', async () => {
    const { id: articleId } = await h().newArticle();
    const other = await h().newArticle();
    const first = await h().connect({ auth: { token: alice.token } });
    const joined = await ask(first, 'article:join', { articleId });
    expect(joined).toMatchObject({ ok: true, presence: { articleId, readers: 1, typing: [], lastSeq: 0 } });

    const seesTwo = nextEvent(first, 'presence', (p) => p.readers === 2);
    const second = await h().connect();
    await ask(second, 'article:join', { articleId });
    // Watchers and readers of another article do not count.
    const watcher = await h().connect();
    await ask(watcher, 'articles:watch', { articleIds: [articleId] });
    await ask(watcher, 'article:join', { articleId: other.id });
    expect(await seesTwo).toEqual({ articleId, readers: 2, typing: [], lastSeq: 0 });

    const typing = nextEvent(second, 'presence', (p) => p.typing.length > 0);
    first.emit('typing', { articleId });
    expect(await typing).toEqual({
      articleId,
      readers: 2,
      typing: [{ id: alice.user.id, username: 'pres_alice', displayName: 'Alice' }],
      lastSeq: 0,
    });

    // An anonymous reader cannot type; posting ends alice's typing and moves lastSeq.
    second.emit('typing', { articleId });
    const afterPost = nextEvent(second, 'presence', (p) => p.typing.length === 0 && p.lastSeq === 1, 5000);
    expect(await ask(first, 'comment:post', { articleId, body: 'Done typing.' })).toMatchObject({ ok: true });
    expect(await afterPost).toEqual({ articleId, readers: 2, typing: [], lastSeq: 1 });

    const seesOne = nextEvent(first, 'presence', (p) => p.readers === 1);
    expect(await ask(second, 'article:leave', { articleId })).toEqual({ ok: true });
    await seesOne;
    const seesOneAgain = nextEvent(first, 'presence', (p) => p.readers === 2);
    await ask(second, 'article:join', { articleId });
    await seesOneAgain;
    const afterDisconnect = nextEvent(first, 'presence', (p) => p.readers === 1);
    second.disconnect();
    await afterDisconnect;
  });

  test('a lastSeq that keeps moving is announced once the thread is quiet, not every second', async () => {
    const { id: articleId } = await h().newArticle();
    const reader = await h().connect();
    const frames: number[] = [];
    reader.on('presence', (p: { lastSeq: number }) => frames.push(p.lastSeq));
    await ask(reader, 'article:join', { articleId });
    const writer = await h().connect({ auth: { token: alice.token } });
    // The join's own presence (readers changed) goes first; what follows is the posts' doing.
    await sleep(300);
    frames.length = 0;
    const posts = 30;
    for (let i = 1; i <= posts; i++) {
      expect(await ask(writer, 'comment:post', { articleId, body: `Busy ${i}.` })).toMatchObject({ ok: true });
      await sleep(100);
    }
    // Over three seconds of events, at most one lastSeq went out mid-stream (the old way: one a second)...
    const streamed = frames.length;
    expect(streamed).toBeLessThanOrEqual(1);
    // ...and once the thread stands still, the final one does.
    const final = await nextEvent(reader, 'presence', (p) => p.lastSeq === posts, 4000);
    expect(final).toEqual({ articleId, readers: 1, typing: [], lastSeq: posts });
  }, 20_000);

  test('a typing mark ends by itself after 5 seconds', async () => {
    const { id: articleId } = await h().newArticle();
    const typist = await h().connect({ auth: { token: bob.token } });
    await ask(typist, 'article:join', { articleId });
    const started = nextEvent(typist, 'presence', (p) => p.typing.length === 1);
    typist.emit('typing', { articleId });
    await started;
    const t0 = Date.now();
    await nextEvent(typist, 'presence', (p) => p.typing.length === 0, 8000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(3500);
  }, 15_000);
});

describe('revocation', () => {
  test('logout revokes the sockets of that session only', async () => {
    const other = await login('pres_alice');
    const ending = await h().connect({ auth: { token: alice.token } });
    const staying = await h().connect({ auth: { token: other } });
    const revoked = nextEvent(ending, 'session:revoked');
    const closed = disconnected(ending);

    expect((await request(h().http).post('/api/auth/logout').set(bearer(alice.token))).status).toBe(204);
    expect(await revoked).toEqual({ reason: 'logout' });
    expect(await closed).toBe('io server disconnect');

    const { id: articleId } = await h().newArticle();
    expect(staying.connected).toBe(true);
    expect(await ask(staying, 'comment:post', { articleId, body: 'Still signed in.' })).toMatchObject({ ok: true });
  });

  test('a ban revokes every socket of the user, and only theirs', async () => {
    const second = await login('pres_bob');
    const sockets = [await h().connect({ auth: { token: bob.token } }), await h().connect({ auth: { token: second } })];
    const bystander = await h().connect({ auth: { token: await login('pres_alice') } });
    const heard = sockets.map((s) => nextEvent(s, 'session:revoked'));
    const closed = sockets.map((s) => disconnected(s));

    const res = await request(h().http)
      .post(`/api/users/${bob.user.id}/ban`)
      .set(bearer(await h().adminToken()))
      .send({ reason: 'spam' });
    expect(res.status).toBe(200);
    expect(await Promise.all(heard)).toEqual([{ reason: 'banned' }, { reason: 'banned' }]);
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(bystander.connected).toBe(true);

    // Coming back with the old token makes an anonymous reader.
    const back = await h().connect({ auth: { token: bob.token } });
    const { id: articleId } = await h().newArticle();
    expect(await ask(back, 'comment:post', { articleId, body: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
  });

  test('a session ended where this instance did not hear of it (Redis away) cannot post over its open socket', async () => {
    const carol = await h().register('pres_carol');
    const socket = await h().connect({ auth: { token: carol.token } });
    const { id: articleId } = await h().newArticle();
    expect(await ask(socket, 'comment:post', { articleId, body: 'Before.' })).toMatchObject({ ok: true });
    // A second app on the same store, with no live layer: this instance's sockets hear nothing of the logout.
    expect((await request(h().secondApp().app).post('/api/auth/logout').set(bearer(carol.token))).status).toBe(204);
    expect(socket.connected).toBe(true);
    // The socket's session is trusted for SESSION_RECHECK_MS after it was last found live.
    await sleep(SESSION_RECHECK_MS + 100);
    expect(await ask(socket, 'comment:post', { articleId, body: 'After.' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    const thread = await request(h().http).get(`/api/articles/${articleId}/comments`);
    expect(thread.body.items.map((c: { body: string }) => c.body)).toEqual(['Before.']);
  });

  test('a socket posting steadily keeps its session checked behind its posts, and is refused within the recheck time of a logout it did not hear of', async () => {
    const dave = await h().register('pres_dave');
    const socket = await h().connect({ auth: { token: dave.token } });
    const { id: articleId } = await h().newArticle();
    const answers: { sentAt: number; ok: boolean; code?: string }[] = [];
    const postFor = async (ms: number) => {
      for (const until = Date.now() + ms; Date.now() < until; await sleep(100)) {
        const sentAt = Date.now();
        const answer = (await ask(socket, 'comment:post', { articleId, body: `At ${sentAt}.` })) as {
          ok: boolean;
          error?: { code: string };
        };
        answers.push({ sentAt, ok: answer.ok, code: answer.error?.code });
      }
    };
    // Long enough for several checks: every post is accepted while the session lives.
    await postFor(2.5 * SESSION_RECHECK_MS);
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.every((a) => a.ok)).toBe(true);

    expect((await request(h().secondApp().app).post('/api/auth/logout').set(bearer(dave.token))).status).toBe(204);
    const loggedOutAt = Date.now();
    await postFor(2 * SESSION_RECHECK_MS);
    const after = answers.filter((a) => a.sentAt >= loggedOutAt);
    // Every check that could still find the session began before the logout; none is trusted longer.
    expect(after.filter((a) => a.ok && a.sentAt >= loggedOutAt + SESSION_RECHECK_MS)).toEqual([]);
    expect(after[after.length - 1]).toMatchObject({ ok: false, code: 'unauthenticated' });
    // What was accepted is in the thread, and nothing else.
    const thread = await request(h().http).get(`/api/articles/${articleId}/comments?limit=100`);
    expect(thread.body.items.length).toBe(answers.filter((a) => a.ok).length);
  });
});
