/**
 * The moderators' live queue on one instance (contract v2 "Pre-moderation"): who may join, the counts,
 * `moderation:item` for held and first-reported comments, `moderation:decided` for every decision; and
 * that readers' sockets never hear of a held comment until it is approved.
 */
import request from 'supertest';
import type { ModerationDecided, ModerationItem } from '../../shared/events';
import { bearer, type Registered } from '../api/harness';
import { ask, nextEvent, sleep, until, useRealtimeHarness, type ClientSocket } from './harness';

const h = useRealtimeHarness();

let moderator: Registered;
let author: Registered;
let queueSocket: ClientSocket;
const items: ModerationItem[] = [];
const decided: ModerationDecided[] = [];

beforeAll(async () => {
  moderator = await h().register('mq_moderator');
  await h().promote(moderator.user.id, 'moderator');
  author = await h().register('mq_author');
  queueSocket = await h().connect({ auth: { token: moderator.token } });
  queueSocket.on('moderation:item', (item) => items.push(item));
  queueSocket.on('moderation:decided', (d) => decided.push(d));
});

async function heldThread(): Promise<string> {
  const { id } = await h().newArticle();
  await request(h().http).patch(`/api/articles/${id}`).set(bearer(moderator.token)).send({ premod: 'all' }).expect(200);
  return id;
}
const post = async (articleId: string, body: string) =>
  (await request(h().http).post(`/api/articles/${articleId}/comments`).set(bearer(author.token)).send({ body })).body
    .comment as { id: string; status: string };
const act = (path: string, body: object = {}) =>
  request(h().http).post(`/api/comments/${path}`).set(bearer(moderator.token)).send(body).expect(200);

it('members and anonymous readers cannot join; a moderator’s join answers the counts', async () => {
  const member = await h().connect({ auth: { token: author.token } });
  expect(await ask(member, 'moderation:join', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  const anonymous = await h().connect();
  expect(await ask(anonymous, 'moderation:join', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });

  const articleId = await heldThread();
  await post(articleId, 'Counted.');
  expect(await ask(queueSocket, 'moderation:join', {})).toEqual({ ok: true, counts: { pending: 1, reported: 0 } });
  // A member's socket in no queue hears nothing of the queue.
  const heard: unknown[] = [];
  member.on('moderation:item', (i) => heard.push(i));
  await post(articleId, 'Unheard by members.');
  await until(() => items.some((i) => i.comment.body === 'Unheard by members.'), 'the moderator to hear the item');
  await sleep(200);
  expect(heard).toEqual([]);
});

it('a held comment reaches the queue, never the readers; its approval reaches both, with the next seq', async () => {
  const articleId = await heldThread();
  const reader = await h().connect();
  expect(await ask(reader, 'article:join', { articleId })).toMatchObject({ ok: true, lastSeq: 0 });
  const readerHeard: { seq: number; type: string; comment?: { id: string } }[] = [];
  reader.on('article:event', (e) => readerHeard.push(e));

  const itemHeard = nextEvent(queueSocket, 'moderation:item', (i) => i.comment.body === 'Live hold.');
  const held = await post(articleId, 'Live hold.');
  expect(await itemHeard).toEqual({
    kind: 'pending',
    comment: expect.objectContaining({ id: held.id, status: 'pending' }),
  });
  await h().comment(moderator.token, articleId, 'A moderator’s, at once.');
  await until(() => readerHeard.length === 1, 'the moderator’s comment to reach the reader');

  const decidedHeard = nextEvent(queueSocket, 'moderation:decided', (d) => d.commentId === held.id);
  await act(`${held.id}/approve`);
  expect(await decidedHeard).toEqual({
    commentId: held.id,
    action: 'approve',
    by: { id: moderator.user.id, username: 'mq_moderator', displayName: 'mq_moderator' },
  });
  await until(() => readerHeard.length === 2, 'the approval to reach the reader');
  expect(readerHeard.map((e) => [e.seq, e.type, e.comment?.id])).toEqual([
    [1, 'comment.created', expect.any(String)],
    [2, 'comment.created', held.id],
  ]);
});

it('a rejection, removal, restoration and dismissal each tell the queue; a comment is an item at its first report', async () => {
  const articleId = await heldThread();
  const held = await post(articleId, 'To reject.');
  const visible = await h().comment(moderator.token, articleId, 'To report.');
  const [first, second] = [await h().register('mq_rep1'), await h().register('mq_rep2')];
  const report = (token: string) =>
    request(h().http).post(`/api/comments/${visible}/report`).set(bearer(token)).send({ reason: 'bad' }).expect(202);
  const reportedItem = nextEvent(queueSocket, 'moderation:item', (i) => i.comment.id === visible);
  await report(first.token);
  expect(await reportedItem).toMatchObject({
    kind: 'reported',
    reports: [{ by: { id: first.user.id }, reason: 'bad' }],
  });
  await report(second.token);

  await act(`${held.id}/reject`, { reason: 'no' });
  await act(`${visible}/reports/dismiss`);
  await act(`${visible}/remove`);
  await act(`${visible}/restore`);
  await until(() => decided.filter((d) => [held.id, visible].includes(d.commentId)).length === 4, 'four decisions');
  expect(decided.filter((d) => [held.id, visible].includes(d.commentId)).map((d) => d.action)).toEqual([
    'reject',
    'dismiss',
    'remove',
    'restore',
  ]);
  // The second report was not a new item: the comment was in the queue already.
  expect(items.filter((i) => i.comment.id === visible)).toHaveLength(1);
});
