/**
 * Pre-moderation across two instances (separate processes, one store, a real redis-server): settings
 * changed on one hold posts on the other; the queue and its decisions reach moderators on every instance;
 * an approval reaches a reader on the other instance live with the next seq; an approve racing a reject
 * ends in one decision, logged once.
 */
import request from 'supertest';
import type { ModerationDecided, ModerationItem, PublicEvent } from '../../shared/events';
import { bearer } from '../api/harness';
import { useCluster } from '../helpers/cluster';
import { newArticleAt, registerAt, useClusterClients } from './cluster-clients';
import { ask, sleep, until } from './harness';

jest.setTimeout(90_000);

const cluster = useCluster();
const connect = useClusterClients();

let A: string;
let B: string;
let author: { token: string; id: string };
let mods: { token: string; id: string }[];
const heard: { items: ModerationItem[]; decided: ModerationDecided[] }[] = [];

beforeAll(async () => {
  [A, B] = cluster().instances.map((i) => i.url) as [string, string];
  const admin = cluster().adminToken;
  author = await registerAt(A, 'mc_author');
  mods = [await registerAt(A, 'mc_mod_a'), await registerAt(B, 'mc_mod_b')];
  for (const m of mods) {
    await request(A).put(`/api/users/${m.id}/role`).set(bearer(admin)).send({ role: 'moderator' }).expect(200);
  }
  // On A, the site holds everything; the instance on B must see it at its next post.
  await request(A).put('/api/settings/moderation').set(bearer(admin)).send({ premod: 'all' }).expect(200);
  for (const [i, url] of [A, B].entries()) {
    const socket = await connect(url, mods[i]!.token);
    const mine = { items: [] as ModerationItem[], decided: [] as ModerationDecided[] };
    socket.on('moderation:item', (item) => mine.items.push(item));
    socket.on('moderation:decided', (d) => mine.decided.push(d));
    expect(await ask(socket, 'moderation:join', {})).toMatchObject({ ok: true });
    heard.push(mine);
  }
});

const post = async (url: string, articleId: string, body: string) => {
  const res = await request(url).post(`/api/articles/${articleId}/comments`).set(bearer(author.token)).send({ body });
  expect(res.status).toBe(201);
  return res.body.comment as { id: string; status: string };
};
const decide = (url: string, token: string, id: string, action: 'approve' | 'reject') =>
  request(url).post(`/api/comments/${id}/${action}`).set(bearer(token)).send({});

test('a comment held on B reaches the queue on A; its approval on A reaches a reader on B live, with the next seq', async () => {
  const articleId = await newArticleAt(A, cluster().adminToken);
  const reader = await connect(B);
  const events: PublicEvent[] = [];
  reader.on('article:event', (e) => events.push(e));
  expect(await ask(reader, 'article:join', { articleId })).toMatchObject({ ok: true, lastSeq: 0 });

  const held = await post(B, articleId, 'Held on B.');
  expect(held.status).toBe('pending');
  await until(
    () => heard.every((h) => h.items.some((i) => i.comment.id === held.id)),
    'both moderators to hear the item',
  );
  // A moderator's own comment, published at once, is seq 1.
  await request(A).post(`/api/articles/${articleId}/comments`).set(bearer(mods[0]!.token)).send({ body: 'Mod.' });
  await until(() => events.length === 1, 'the moderator’s comment to reach the reader');
  await sleep(200);
  expect(events.map((e) => e.comment?.id)).not.toContain(held.id);

  await decide(A, mods[0]!.token, held.id, 'approve').expect(200);
  await until(() => events.length === 2, 'the approval to reach the reader on B');
  expect(events[1]).toMatchObject({ seq: 2, type: 'comment.created', comment: { id: held.id, status: 'visible' } });
  await until(() => heard[1]!.decided.some((d) => d.commentId === held.id), 'the moderator on B to hear the decision');
  expect(heard[1]!.decided.find((d) => d.commentId === held.id)).toMatchObject({
    action: 'approve',
    by: { id: mods[0]!.id },
  });
});

test('two moderators on two instances see each other’s decisions', async () => {
  const articleId = await newArticleAt(A, cluster().adminToken);
  const [x, y] = [await post(A, articleId, 'x'), await post(B, articleId, 'y')];
  await decide(A, mods[0]!.token, x.id, 'reject').expect(200);
  await decide(B, mods[1]!.token, y.id, 'approve').expect(200);
  for (const h of heard) {
    await until(() => [x.id, y.id].every((id) => h.decided.some((d) => d.commentId === id)), 'both decisions');
    expect(
      h.decided.filter((d) => [x.id, y.id].includes(d.commentId)).map((d) => [d.commentId, d.action, d.by.id]),
    ).toEqual([
      [x.id, 'reject', mods[0]!.id],
      [y.id, 'approve', mods[1]!.id],
    ]);
  }
});

test('an approve on A racing a reject on B ends in one decision, logged once', async () => {
  const articleId = await newArticleAt(A, cluster().adminToken);
  const held = [];
  for (let i = 0; i < 12; i++) held.push(await post(i % 2 ? A : B, articleId, `race ${i}`));
  const outcomes = await Promise.all(
    held.map(async (c) => {
      const [approve, reject] = await Promise.all([
        decide(A, mods[0]!.token, c.id, 'approve'),
        decide(B, mods[1]!.token, c.id, 'reject'),
      ]);
      expect([approve.status, reject.status].sort()).toEqual([200, 409]);
      return approve.status === 200 ? 'approve' : 'reject';
    }),
  );
  const log = await request(A).get('/api/moderation/log?limit=100').set(bearer(mods[0]!.token)).expect(200);
  const ids = new Set(held.map((c) => c.id));
  const entries = (log.body.items as { action: string; targetId: string }[]).filter((e) => ids.has(e.targetId));
  expect(entries).toHaveLength(held.length);
  for (const [i, c] of held.entries()) {
    expect(entries.filter((e) => e.targetId === c.id).map((e) => e.action)).toEqual([outcomes[i]]);
  }
  // The log of the thread: one event per approved comment, gap-free.
  const events = (await request(A).get(`/api/articles/${articleId}/events`)).body.items as PublicEvent[];
  const approved = held.filter((_, i) => outcomes[i] === 'approve').map((c) => c.id);
  expect(events.map((e) => e.seq)).toEqual(approved.map((_, i) => i + 1));
  expect(events.map((e) => e.comment!.id).sort()).toEqual([...approved].sort());
});
