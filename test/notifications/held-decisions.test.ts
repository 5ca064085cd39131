/**
 * Pre-moderation's decisions reach the author as notifications (contract: v2 · Notifications, "a moderation
 * decision about your comment (removed, rejected, approved after being held: with the reason)"), and an
 * approved reply tells the parent's author as a reply posted unheld would.
 */
import request from 'supertest';
import { bearer } from '../api/harness';
import { until } from '../helpers/wait';
import { useRealtimeHarness } from '../realtime/harness';
import { heardAfter, inbox, post } from './support';

const h = useRealtimeHarness();

async function heldThread(name: string) {
  const moderator = await h().register(`hd_mod_${name}`);
  await h().promote(moderator.user.id, 'moderator');
  const article = await h().newArticle('Held decisions');
  await request(h().http)
    .patch(`/api/articles/${article.id}`)
    .set(bearer(moderator.token))
    .send({ premod: 'all' })
    .expect(200);
  return { moderator, article };
}

/** Posts a comment that the thread holds; answers its id. */
async function postHeld(token: string, articleId: string, body: string, parentId?: string): Promise<string> {
  const res = await request(h().http)
    .post(`/api/articles/${articleId}/comments`)
    .set(bearer(token))
    .send({ body, ...(parentId ? { parentId } : {}) });
  expect(res.body.comment?.status).toBe('pending');
  return res.body.comment.id as string;
}

const decide = (token: string, id: string, action: 'approve' | 'reject', body: object = {}) =>
  request(h().http).post(`/api/comments/${id}/${action}`).set(bearer(token)).send(body).expect(200);

it('a rejection tells the author, with the reason, and names no moderator', async () => {
  const { moderator, article } = await heldThread('a');
  const author = await h().register('hd_rejected');
  const id = await postHeld(author.token, article.id, 'Held, then refused.');
  const news = await heardAfter(h(), author.token, () =>
    decide(moderator.token, id, 'reject', { reason: 'Off topic' }),
  );
  expect(news.notification).toMatchObject({
    type: 'moderation',
    actor: null,
    comment: { id, status: 'rejected' },
    message: 'Your comment was rejected by a moderator. Reason: Off topic',
  });
});

it('an approval tells the author, and the parent comment’s author hears of the reply only then', async () => {
  const { moderator, article } = await heldThread('b');
  const parentAuthor = await h().register('hd_parent');
  const author = await h().register('hd_approved', 'Approved Author');
  // The parent is a moderator's comment (never held), so that only the reply waits for review.
  await h().promote(parentAuthor.user.id, 'moderator');
  const parent = await post(h(), parentAuthor.token, article.id, 'The parent.');
  const reply = await postHeld(author.token, article.id, 'A held reply.', parent);
  expect((await inbox(h(), parentAuthor.token)).unread).toBe(0);

  const approved = await heardAfter(h(), author.token, () => decide(moderator.token, reply, 'approve'));
  expect(approved.notification).toMatchObject({
    type: 'moderation',
    comment: { id: reply, status: 'visible' },
    message: 'Your comment was approved and is now shown.',
  });
  // Told in the background, after the answer: wait for it rather than read at once.
  await until('the reply notification', async () => (await inbox(h(), parentAuthor.token)).unread === 1);
  const told = await inbox(h(), parentAuthor.token);
  expect(told.items).toEqual([
    expect.objectContaining({
      type: 'reply',
      comment: expect.objectContaining({ id: reply }),
      message: 'Approved Author replied to your comment.',
    }),
  ]);
});
