/**
 * A moderator demoted while a socket is open (issue 14): the socket's replays (`article:join` with
 * afterSeq) go by the user's role now, not the role of the handshake, so removed text stops at once.
 */
import request from 'supertest';
import { bearer, PASSWORD } from '../api/harness';
import { ask, useRealtimeHarness } from '../realtime/harness';

const h = useRealtimeHarness();

interface Replay {
  ok: boolean;
  missed: { comment?: { id: string; status: string; body?: string } }[];
}

test('after the demotion, the same socket replays the removed comment without its text', async () => {
  const articleId = (await h().newArticle('Demotion')).id;
  const reg = await request(h().http).post('/api/auth/register').send({ username: 'soon_member', password: PASSWORD });
  await h().promote(reg.body.user.id as string, 'moderator');
  const author = await request(h().http)
    .post('/api/auth/register')
    .send({ username: 'demotion_author', password: PASSWORD });
  const commentId = await h().comment(author.body.token as string, articleId, 'Text to be removed.');
  const removed = await request(h().http)
    .post(`/api/comments/${commentId}/remove`)
    .set(bearer(await h().adminToken()))
    .send({ reason: 'spam' });
  expect(removed.status).toBe(200);

  const socket = await h().connect({ auth: { token: reg.body.token as string } });
  const removedIn = (answer: Replay) =>
    answer.missed.map((e) => e.comment).find((c) => c?.id === commentId && c.status === 'removed');
  const asModerator = (await ask(socket, 'article:join', { articleId, afterSeq: 0 })) as unknown as Replay;
  expect(removedIn(asModerator)?.body).toBe('Text to be removed.');

  await h().promote(reg.body.user.id as string, 'member');
  const asMember = (await ask(socket, 'article:join', { articleId, afterSeq: 0 })) as unknown as Replay;
  expect(asMember.ok).toBe(true);
  expect(removedIn(asMember)).toBeDefined();
  expect(removedIn(asMember)?.body).toBe('');
  expect(JSON.stringify(asMember)).not.toContain('Text to be removed.');
});
