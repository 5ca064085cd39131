/**
 * Reaction counts live: the article's readers get `comment:reactions` coalesced per comment (a burst of
 * reactions becomes about one message a second, the last one with the final count), and nothing of it
 * goes into the seq log.
 */
import request from 'supertest';
import type { ReactionCount } from '../../shared/types';
import { bearer } from '../api/harness';
import { ask, useRealtimeHarness } from './harness';
import { sleep, until } from '../helpers/wait';

const h = useRealtimeHarness();

test('a burst of reactions reaches readers as about one count a second per comment, ending exact', async () => {
  const { id: articleId } = await h().newArticle();
  const author = await h().register('live_react_author');
  const first = await h().comment(author.token, articleId, 'One.');
  const second = await h().comment(author.token, articleId, 'Two.');
  const reader = await h().connect();
  await ask(reader, 'article:join', { articleId });
  const heard: (ReactionCount & { at: number })[] = [];
  reader.on('comment:reactions', (c) => heard.push({ ...c, at: Date.now() }));

  const users = await Promise.all(Array.from({ length: 20 }, (_, i) => h().register(`live_react_${i}`)));
  const started = Date.now();
  // Spread over a second or more, so the throttle has to hold some back and send them later.
  for (const u of users) {
    const put = (id: string) => request(h().http).put(`/api/comments/${id}/reaction`).set(bearer(u.token)).expect(200);
    await Promise.all([first, second].map(put));
    await sleep(60);
  }
  const last = (id: string) => heard.filter((c) => c.commentId === id).at(-1)?.reactions;
  await until('the final counts', () => last(first) === 20 && last(second) === 20, { timeoutMs: 10_000 });
  const elapsedS = (Date.now() - started) / 1000;
  await sleep(1500);
  for (const id of [first, second]) {
    const mine = heard.filter((c) => c.commentId === id);
    expect(mine.every((c) => c.articleId === articleId)).toBe(true);
    // At most one a second per comment (plus the one at the start); generous: the machine is shared.
    expect(mine.length).toBeLessThanOrEqual(Math.ceil(elapsedS) + 2);
    expect(mine.length).toBeLessThan(20);
    expect(mine.at(-1)!.reactions).toBe(20);
    // Counts only grow here, so no message carries an older count than one before it.
    expect(mine.map((c) => c.reactions)).toEqual([...mine.map((c) => c.reactions)].sort((a, b) => a - b));
  }
  // Not events of the seq log.
  const log = (await request(h().http).get(`/api/articles/${articleId}/events`).query({ after: 0 })).body;
  expect(log.items).toHaveLength(2);
});

test('an undo is heard too, and a refused reaction sends nothing', async () => {
  const { id: articleId } = await h().newArticle();
  const author = await h().register('live_undo_author');
  const fan = await h().register('live_undo_fan');
  const id = await h().comment(author.token, articleId, 'Hm.');
  const reader = await h().connect();
  await ask(reader, 'article:join', { articleId });
  const heard: number[] = [];
  reader.on('comment:reactions', (c) => heard.push(c.reactions));
  await request(h().http).put(`/api/comments/${id}/reaction`).set(bearer(fan.token)).expect(200);
  await until('the first count', () => heard.length === 1);
  await request(h().http).delete(`/api/comments/${id}/reaction`).set(bearer(fan.token)).expect(200);
  await request(h().http).put(`/api/comments/${id}/reaction`).set(bearer(author.token)).expect(403);
  await until('the count back at 0', () => heard.at(-1) === 0);
  await sleep(1200);
  expect(heard).toEqual([1, 0]);
});
