/** Notifications made by replies, mentions and removals, listed and marked read (contract: v2 · Notifications). */
import request from 'supertest';
import { bearer, PASSWORD } from '../api/harness';
import { useRealtimeHarness } from '../realtime/harness';
import { heardAfter, inbox, markRead, post } from './support';

const h = useRealtimeHarness();

const countFor = (commentId: string) => h().app.ctx.models.Notification.countDocuments({ commentId });

describe('what makes a notification', () => {
  it('a reply tells the parent comment’s author, with the replier, the comment and its thread', async () => {
    const alice = await h().register('n_alice', 'Alice');
    const bob = await h().register('n_bob', 'Bob');
    const article = await h().newArticle('Replies here');
    const parent = await post(h(), alice.token, article.id, 'Top level.');
    let reply = '';
    const news = await heardAfter(h(), alice.token, async () => {
      reply = await post(h(), bob.token, article.id, 'A reply.', parent);
    });
    expect(news.unread).toBe(1);
    expect(news.notification).toEqual({
      id: expect.any(String),
      type: 'reply',
      comment: {
        id: reply,
        article: { id: article.id, slug: article.slug, title: 'Replies here', url: null },
        status: 'visible',
        excerpt: 'A reply.',
      },
      actor: { id: bob.user.id, username: 'n_bob', displayName: 'Bob' },
      message: 'Bob replied to your comment.',
      at: expect.any(String),
      read: false,
    });
    expect(await inbox(h(), alice.token)).toEqual({ items: [news.notification], nextCursor: null, unread: 1 });
  });

  it('a mention tells each named account once, links the name to the profile, and skips unknown names', async () => {
    const carol = await h().register('n_carol');
    const dave = await h().register('n_dave');
    const { id: articleId } = await h().newArticle();
    let id = '';
    const news = await heardAfter(h(), carol.token, async () => {
      id = await post(h(), dave.token, articleId, 'Hi @N_Carol and @n_carol, and @nobody_here_at_all.');
    });
    expect(news.notification).toMatchObject({ type: 'mention', message: `n_dave mentioned you.` });
    expect(await countFor(id)).toBe(1);
    const comment = await request(h().http).get(`/api/comments/${id}`);
    expect(comment.body.comment.html).toContain('<a href="/users/N_Carol" rel="nofollow ugc noopener">@N_Carol</a>');
    expect(comment.body.comment.html).toContain('<a href="/users/nobody_here_at_all"');
  });

  it('tells at most 10 of the accounts a comment mentions, the first 10 named', async () => {
    const users = [];
    for (let i = 0; i < 12; i++) users.push(await h().register(`n_cap_${i}`));
    const writer = await h().register('n_cap_writer');
    const { id: articleId } = await h().newArticle();
    const body = users.map((u) => `@${u.user.username}`).join(' ');
    let id = '';
    await heardAfter(h(), users[0]!.token, async () => (id = await post(h(), writer.token, articleId, body)));
    expect(await countFor(id)).toBe(10);
    for (const [i, u] of users.entries()) expect((await inbox(h(), u.token)).unread).toBe(i < 10 ? 1 : 0);
  });

  it('makes none for one’s own actions: replying to and mentioning oneself, or removing one’s comment', async () => {
    const mod = await h().register('n_selfmod');
    await h().promote(mod.user.id, 'moderator');
    const erin = await h().register('n_erin');
    const { id: articleId } = await h().newArticle();
    const own = await post(h(), mod.token, articleId, 'Mine.');
    // Erin's mention is the sign that the reply's notifications are all made.
    const reply = await heardAfter(h(), erin.token, () =>
      post(h(), mod.token, articleId, 'Me again, @n_selfmod, and @n_erin.', own),
    );
    expect(reply.notification.type).toBe('mention');
    const removal = await request(h().http).post(`/api/comments/${own}/remove`).set(bearer(mod.token)).send({});
    expect(removal.status).toBe(200);
    // And a later removal of Erin's comment by the same moderator is heard, so the first one made nothing.
    const erins = await post(h(), erin.token, articleId, 'Erin here.');
    await heardAfter(h(), erin.token, () =>
      request(h().http).post(`/api/comments/${erins}/remove`).set(bearer(mod.token)).send({}),
    );
    expect((await inbox(h(), mod.token)).items).toEqual([]);
  });

  it('one replied to and mentioned in the same comment hears once, of the reply', async () => {
    const fay = await h().register('n_fay');
    const gus = await h().register('n_gus');
    const { id: articleId } = await h().newArticle();
    const parent = await post(h(), fay.token, articleId, 'Question?');
    let id = '';
    const news = await heardAfter(h(), fay.token, async () => {
      id = await post(h(), gus.token, articleId, '@n_fay answer.', parent);
    });
    expect(news.notification.type).toBe('reply');
    expect(await countFor(id)).toBe(1);
  });
});

describe('moderation decisions and hidden comments', () => {
  it('a removal tells the author with the reason; their own text still shows to them', async () => {
    const hal = await h().register('n_hal');
    const mod = await h().register('n_mod');
    await h().promote(mod.user.id, 'moderator');
    const { id: articleId } = await h().newArticle();
    const id = await post(h(), hal.token, articleId, 'Something rude.');
    const news = await heardAfter(h(), hal.token, () =>
      request(h().http).post(`/api/comments/${id}/remove`).set(bearer(mod.token)).send({ reason: 'Be kind.' }),
    );
    expect(news.notification).toMatchObject({
      type: 'moderation',
      actor: null,
      message: 'Your comment was removed by a moderator. Reason: Be kind.',
      comment: { id, status: 'removed', excerpt: 'Something rude.' },
    });
  });

  it('a reply removed later shows to the parent’s author without its text', async () => {
    const ivy = await h().register('n_ivy');
    const jon = await h().register('n_jon');
    const { id: articleId } = await h().newArticle();
    const parent = await post(h(), ivy.token, articleId, 'Hello.');
    let reply = '';
    await heardAfter(h(), ivy.token, async () => (reply = await post(h(), jon.token, articleId, 'Secret.', parent)));
    const admin = await h().adminToken();
    await request(h().http).post(`/api/comments/${reply}/remove`).set(bearer(admin)).send({}).expect(200);
    const [item] = (await inbox(h(), ivy.token)).items;
    expect(item!.comment).toMatchObject({ id: reply, status: 'removed', excerpt: '' });
  });
});

describe('listing and marking read', () => {
  it('pages newest first and marks one, then all, read; ids of others change nothing', async () => {
    const kim = await h().register('n_kim');
    const leo = await h().register('n_leo');
    const { id: articleId } = await h().newArticle();
    const parent = await post(h(), kim.token, articleId, 'Ask me.');
    for (const text of ['one', 'two', 'three']) {
      await heardAfter(h(), kim.token, () => post(h(), leo.token, articleId, text, parent));
    }
    const first = await inbox(h(), kim.token, '?limit=2');
    expect(first.items.map((n) => n.comment.excerpt)).toEqual(['three', 'two']);
    const second = await inbox(h(), kim.token, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((n) => n.comment.excerpt)).toEqual(['one']);
    expect(second.nextCursor).toBeNull();

    expect((await markRead(h(), leo.token, { ids: [first.items[0]!.id] })).body).toEqual({ unread: 0 });
    expect((await inbox(h(), kim.token)).unread).toBe(3);
    expect((await markRead(h(), kim.token, { ids: [first.items[0]!.id] })).body).toEqual({ unread: 2 });
    const after = await inbox(h(), kim.token);
    expect(after.items.map((n) => n.read)).toEqual([true, false, false]);
    const all = await markRead(h(), kim.token, { all: true });
    expect({ status: all.status, body: all.body }).toEqual({ status: 200, body: { unread: 0 } });
  });
});

test('an account’s deletion deletes the notifications it received', async () => {
  const olga = await h().register('n_olga');
  const pete = await h().register('n_pete');
  const { id: articleId } = await h().newArticle();
  await heardAfter(h(), olga.token, () => post(h(), pete.token, articleId, 'Hey @n_olga.'));
  const res = await request(h().http).delete('/api/auth/me').set(bearer(olga.token)).send({ password: PASSWORD });
  expect(res.status).toBe(204);
  expect(await h().app.ctx.models.Notification.countDocuments({ userId: olga.user.id })).toBe(0);
});
