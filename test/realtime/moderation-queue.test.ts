/**
 * The moderators' live queue on one instance (contract v2 "Pre-moderation"): who may join, the counts,
 * `moderation:item` for held and first-reported comments, `moderation:decided` for every decision; and
 * that readers' sockets never hear of a held comment until it is approved.
 */
import request from 'supertest';
import type { ModerationDecided, ModerationItem } from '../../shared/events';
import { bearer, type Registered } from '../api/harness';
import { ask, nextEvent, useRealtimeHarness, type ClientSocket } from './harness';
import { sleep, until } from '../helpers/wait';

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
  await until('the moderator to hear the item', () => items.some((i) => i.comment.body === 'Unheard by members.'));
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
  await until('the moderator’s comment to reach the reader', () => readerHeard.length === 1);

  const decidedHeard = nextEvent(queueSocket, 'moderation:decided', (d) => d.commentId === held.id);
  await act(`${held.id}/approve`);
  expect(await decidedHeard).toEqual({
    commentId: held.id,
    action: 'approve',
    by: { id: moderator.user.id, username: 'mq_moderator', displayName: 'mq_moderator' },
  });
  await until('the approval to reach the reader', () => readerHeard.length === 2);
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
  await until('four decisions', () => decided.filter((d) => [held.id, visible].includes(d.commentId)).length === 4);
  expect(decided.filter((d) => [held.id, visible].includes(d.commentId)).map((d) => d.action)).toEqual([
    'reject',
    'dismiss',
    'remove',
    'restore',
  ]);
  // The second report was not a new item: the comment was in the queue already.
  expect(items.filter((i) => i.comment.id === visible)).toHaveLength(1);
});

it('over the socket too: a held post is acknowledged pending; a suspended user’s post is refused with the term', async () => {
  const articleId = await heldThread();
  const writer = await h().register('mq_writer');
  const socket = await h().connect({ auth: { token: writer.token } });
  const held = await ask(socket, 'comment:post', { articleId, body: 'Through the socket.' });
  expect(held).toMatchObject({ ok: true, comment: { status: 'pending', body: 'Through the socket.' } });

  const term = new Date(Date.now() + 3600_000).toISOString();
  await request(h().http)
    .post(`/api/users/${writer.user.id}/suspend`)
    .set(bearer(moderator.token))
    .send({ until: term, reason: 'pause' })
    .expect(200);
  // A fresh socket: its handshake reads the account as it is now.
  const after = await h().connect({ auth: { token: writer.token } });
  expect(await ask(after, 'comment:post', { articleId, body: 'Refused.' })).toEqual({
    ok: false,
    error: { code: 'forbidden', message: expect.any(String), details: { suspendedUntil: term, reason: 'pause' } },
  });
});

it('a moderator demoted while in the queue stops hearing it', async () => {
  const soon = await h().register('mq_demoted');
  await h().promote(soon.user.id, 'moderator');
  const socket = await h().connect({ auth: { token: soon.token } });
  expect(await ask(socket, 'moderation:join', {})).toMatchObject({ ok: true });
  const theirs: ModerationItem[] = [];
  socket.on('moderation:item', (i) => theirs.push(i));
  const articleId = await heldThread();
  await post(articleId, 'Heard while a moderator.');
  await until('the moderator to hear the item', () => theirs.length === 1);

  await h().promote(soon.user.id, 'member');
  await post(articleId, 'Not heard once demoted.');
  await until('the other moderator to hear it', () => items.some((i) => i.comment.body === 'Not heard once demoted.'));
  await sleep(200);
  expect(theirs.map((i) => i.comment.body)).toEqual(['Heard while a moderator.']);
});
