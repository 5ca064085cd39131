/**
 * An instance killed (SIGKILL) between a moderator's approval and its event: the approval is the
 * creation path's pending op, so the repair job of another instance stores the comment.created event
 * once: the log stays gap-free, the comment appears exactly once, and a reader on a live instance hears
 * it. The kill comes from the process itself at the chosen point (FAULT_KILL_AT, server/lib/faults.ts).
 */
import request from 'supertest';
import type { PublicEvent } from '../../shared/events';
import { bearer } from '../api/harness';
import { useCluster } from '../helpers/cluster';
import { newArticleAt, registerAt, useClusterClients } from '../realtime/cluster-clients';
import { ask, sleep, until } from '../realtime/harness';
import { REPAIR_AFTER_MS } from '../../server/repair/repair-pending';

jest.setTimeout(90_000);

const cluster = useCluster({ instances: 1 });
const connect = useClusterClients();

test('an approval cut off before its event is finished by the repair, exactly once', async () => {
  const [A] = cluster().instances.map((i) => i.url) as [string];
  const admin = cluster().adminToken;
  const articleId = await newArticleAt(A, admin);
  await request(A).patch(`/api/articles/${articleId}`).set(bearer(admin)).send({ premod: 'all' }).expect(200);
  const author = await registerAt(A, 'ak_author');
  // A moderator's session: each instance starting with ADMIN_USERNAME ends the admin's other sessions.
  const moderator = await registerAt(A, 'ak_moderator');
  await request(A).put(`/api/users/${moderator.id}/role`).set(bearer(admin)).send({ role: 'moderator' }).expect(200);
  const post = (token: string, body: string) =>
    request(A).post(`/api/articles/${articleId}/comments`).set(bearer(token)).send({ body });
  const held = (await post(author.token, 'Held, then approved by a dying instance.')).body.comment;
  expect(held.status).toBe('pending');
  await post(moderator.token, 'The moderator’s, seq 1.').expect(201);
  const reader = await connect(A);
  const heard: PublicEvent[] = [];
  reader.on('article:event', (e) => heard.push(e));
  expect(await ask(reader, 'article:join', { articleId })).toMatchObject({ ok: true, lastSeq: 1 });

  const victim = await cluster().addInstance({ FAULT_KILL_AT: 'approve:before-event' });
  const approving = request(victim.url).post(`/api/comments/${held.id}/approve`).set(bearer(moderator.token)).send({});
  await expect(approving).rejects.toThrow();
  expect((await victim.exited).signal).toBe('SIGKILL');

  // Decided and logged, but no event yet: nobody sees the comment.
  const log = async () =>
    (
      (await request(A).get('/api/moderation/log?limit=100').set(bearer(moderator.token))).body.items as {
        action: string;
        targetId: string;
      }[]
    ).filter((e) => e.targetId === held.id);
  expect(await log()).toEqual([expect.objectContaining({ action: 'approve' })]);
  const events = async () => (await request(A).get(`/api/articles/${articleId}/events`)).body.items as PublicEvent[];
  expect((await events()).map((e) => e.seq)).toEqual([1]);
  expect((await request(A).get(`/api/comments/${held.id}`)).status).toBe(404);

  // Past the repair's grace period, an instance starting up runs the repair.
  await sleep(REPAIR_AFTER_MS + 500);
  await cluster().addInstance();
  await until(() => heard.length === 1, 'the repaired approval to reach the reader', 20_000);
  expect(heard[0]).toMatchObject({ seq: 2, type: 'comment.created', comment: { id: held.id, status: 'visible' } });

  const stored = await events();
  expect(stored.map((e) => [e.seq, e.type])).toEqual([
    [1, 'comment.created'],
    [2, 'comment.created'],
  ]);
  expect(stored.filter((e) => e.comment?.id === held.id)).toHaveLength(1);
  const list = (await request(A).get(`/api/articles/${articleId}/comments`)).body;
  expect(list.items.filter((c: { id: string }) => c.id === held.id)).toHaveLength(1);
  expect(list.lastSeq).toBe(2);
  expect((await request(A).get(`/api/articles/${articleId}`)).body.article.commentCount).toBe(2);
  expect(await log()).toHaveLength(1);
});
