/** What the notification routes refuse, in the contract's envelope, and the live event's reach. */
import request from 'supertest';
import { bearer, expectError } from '../api/harness';
import { nextEvent, useRealtimeHarness } from '../realtime/harness';
import { heardAfter, inbox, markRead, post } from './support';

const h = useRealtimeHarness();

describe('refusals', () => {
  it('answers 401 to anonymous callers on both routes', async () => {
    expectError(await request(h().http).get('/api/notifications'), 401, 'unauthenticated');
    expectError(await request(h().http).post('/api/notifications/read').send({ all: true }), 401, 'unauthenticated');
  });

  it.each(['?limit=0', '?limit=101', '?limit=ten', '?cursor=not-a-cursor', '?other=1'])(
    'answers 400 validation_failed to the query %s',
    async (query) => {
      const { token } = await h().register(`n_q_${Math.random().toString(36).slice(2, 10)}`);
      const res = await request(h().http).get(`/api/notifications${query}`).set(bearer(token));
      expectError(res, 400, 'validation_failed');
      expect(Object.keys(res.body.error.details.fields)).toHaveLength(1);
    },
  );

  it.each([
    ['no choice', {}],
    ['an empty list', { ids: [] }],
    ['a malformed id', { ids: ['nope'] }],
    ['101 ids', { ids: Array.from({ length: 101 }, () => '0123456789abcdef01234567') }],
    ['all: false', { all: false }],
    ['both', { ids: ['0123456789abcdef01234567'], all: true }],
    ['an unknown field', { all: true, extra: 1 }],
  ])('answers 400 validation_failed to a read with %s', async (_what, body) => {
    const { token } = await h().register(`n_b_${Math.random().toString(36).slice(2, 10)}`);
    expectError(await markRead(h(), token, body), 400, 'validation_failed');
  });

  it('answers 400 bad_request to a body that is not a JSON object', async () => {
    const { token } = await h().register('n_array_body');
    expectError(await markRead(h(), token, ['all']), 400, 'bad_request');
  });
});

describe('the notification event', () => {
  it('reaches every signed-in socket of the recipient, and no other socket', async () => {
    const mia = await h().register('n_mia');
    const ned = await h().register('n_ned');
    const { id: articleId } = await h().newArticle();
    const parent = await post(h(), mia.token, articleId, 'Mine.');
    const second = await h().connect({ auth: { token: mia.token } });
    const others = [await h().connect(), await h().connect({ auth: { token: ned.token } })];
    const strays: unknown[] = [];
    for (const s of others) s.on('notification', (n) => strays.push(n));
    const onSecond = nextEvent(second, 'notification');
    const news = await heardAfter(h(), mia.token, () => post(h(), ned.token, articleId, 'Reply.', parent));
    expect(await onSecond).toEqual(news);
    expect(news.unread).toBe(1);
    // A notification of Ned's own, emitted after Mia's: once his socket hears it, Mia's has gone by.
    const theirs = nextEvent(others[1]!, 'notification');
    await post(h(), mia.token, articleId, 'Hi @n_ned.');
    await theirs;
    expect(strays).toHaveLength(1);
    expect((await inbox(h(), ned.token)).unread).toBe(1);
  });
});
