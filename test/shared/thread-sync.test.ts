/** The thread-sync module on its own: order, duplicates, gaps, joins, repairs and upserts with a fake `/events`. */
import type { PublicComment, PublicEvent } from '../../shared/types';
import { createThreadSync } from '../../shared/thread-sync';

const articleId = 'a1';

function comment(
  id: string,
  seq: number,
  body = `body ${id}`,
  status: PublicComment['status'] = 'visible',
): PublicComment {
  const author = { id: 'u1', username: 'alice' } as PublicComment['author'];
  return {
    id,
    articleId,
    seq,
    parentId: null,
    quote: null,
    author,
    body,
    html: body,
    status,
    createdAt: '2026-01-01T00:00:00Z',
    editedAt: null,
    editedBy: null,
    reactions: 0,
    replyCount: 0,
  };
}

/** A server log: event n creates comment cn, unless given otherwise. */
function makeLog(n: number): PublicEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    articleId,
    seq: i + 1,
    type: 'comment.created',
    at: '',
    commentCount: i + 1,
    comment: comment(`c${i + 1}`, i + 1),
  }));
}

/** The event at index i of a log (a test mistake if it is missing). */
function ev(log: PublicEvent[], i: number): PublicEvent {
  const event = log[i];
  if (!event) throw new Error(`no event at ${i}`);
  return event;
}

function fakeServer(log: PublicEvent[], pageSize = 3) {
  const calls: number[] = [];
  let failNext = 0;
  return {
    calls,
    failTimes(n: number) {
      failNext = n;
    },
    fetchEvents: async (after: number) => {
      calls.push(after);
      await Promise.resolve();
      if (failNext > 0) {
        failNext--;
        throw new Error('network down');
      }
      return { items: log.filter((e) => e.seq > after).slice(0, pageSize), lastSeq: log.length };
    },
  };
}

const ids = (sync: ReturnType<typeof createThreadSync>) => sync.state().comments.map((c) => c.id);
const seqs = (n: number) => Array.from({ length: n }, (_, i) => `c${i + 1}`);

test('in-order events apply; duplicates and stale events are dropped', async () => {
  const log = makeLog(3);
  const server = fakeServer(log);
  const sync = createThreadSync({ articleId, fetchEvents: server.fetchEvents });
  for (const e of [ev(log, 0), ev(log, 1), ev(log, 0), ev(log, 1), ev(log, 2), ev(log, 2)]) await sync.onEvent(e);
  expect(ids(sync)).toEqual(seqs(3));
  expect(sync.state()).toMatchObject({ lastApplied: 3, commentCount: 3, locked: false });
  expect(server.calls).toEqual([]);
});

test('out-of-order delivery repairs the gap through paged /events, each comment once', async () => {
  const log = makeLog(10);
  const server = fakeServer(log, 3);
  const sync = createThreadSync({ articleId, fetchEvents: server.fetchEvents });
  await sync.onEvent(ev(log, 0));
  await sync.onEvent(ev(log, 9));
  expect(ids(sync)).toEqual(seqs(10));
  expect(server.calls).toEqual([1, 4, 7]);
  for (const e of log) await sync.onEvent(e);
  expect(ids(sync)).toEqual(seqs(10));
  expect(sync.state().lastApplied).toBe(10);
});

test('a presence lastSeq above the last applied triggers a repair; one at or below does not', async () => {
  const log = makeLog(4);
  const server = fakeServer(log);
  const sync = createThreadSync({ articleId, fetchEvents: server.fetchEvents });
  await sync.onEvent(ev(log, 0));
  await sync.onPresence({ lastSeq: 1 });
  expect(server.calls).toEqual([]);
  await sync.onPresence({ lastSeq: 4 });
  expect(ids(sync)).toEqual(seqs(4));
});

test('live events during a join are held and applied after missed', async () => {
  const log = makeLog(6);
  const server = fakeServer(log);
  const changes: number[] = [];
  const sync = createThreadSync({
    articleId,
    fetchEvents: server.fetchEvents,
    onChange: (s) => changes.push(s.lastApplied),
  });
  sync.beginJoin();
  await sync.onEvent(ev(log, 4));
  await sync.onEvent(ev(log, 5));
  expect(sync.state().lastApplied).toBe(0);
  await sync.joined({ lastSeq: 4, missed: log.slice(0, 4) });
  expect(ids(sync)).toEqual(seqs(6));
  expect(server.calls).toEqual([]);
  expect(changes.at(-1)).toBe(6);
});

test('a join whose lastSeq is ahead of missed repairs the rest', async () => {
  const log = makeLog(8);
  const server = fakeServer(log, 5);
  const sync = createThreadSync({ articleId, fetchEvents: server.fetchEvents });
  sync.beginJoin();
  await sync.joined({ lastSeq: 8, missed: log.slice(0, 2) });
  expect(ids(sync)).toEqual(seqs(8));
});

test('concurrent triggers share one repair, and events during it apply in order afterwards', async () => {
  const log = makeLog(9);
  const server = fakeServer(log, 100);
  const sync = createThreadSync({ articleId, fetchEvents: server.fetchEvents });
  const a = sync.onPresence({ lastSeq: 5 });
  const b = sync.repair();
  const c = sync.onEvent(ev(log, 8));
  const d = sync.onPresence({ lastSeq: 9 });
  await Promise.all([a, b, c, d]);
  expect(server.calls).toEqual([0]);
  expect(ids(sync)).toEqual(seqs(9));
});

test('a failed fetch leaves the state as it was; the next trigger repairs', async () => {
  const log = makeLog(5);
  const server = fakeServer(log);
  const sync = createThreadSync({ articleId, fetchEvents: server.fetchEvents });
  await sync.onEvent(ev(log, 0));
  server.failTimes(1);
  await expect(sync.onEvent(ev(log, 3))).rejects.toThrow('network down');
  expect(sync.state()).toMatchObject({ lastApplied: 1, commentCount: 1 });
  expect(ids(sync)).toEqual(['c1']);
  await sync.onPresence({ lastSeq: 5 });
  expect(ids(sync)).toEqual(seqs(5));
});

test('comment events upsert by id; removals replace the text; locks set locked', async () => {
  const log: PublicEvent[] = [
    ...makeLog(2),
    { articleId, seq: 3, type: 'comment.edited', at: '', commentCount: 2, comment: comment('c1', 1, 'edited') },
    { articleId, seq: 4, type: 'comment.removed', at: '', commentCount: 1, comment: comment('c2', 2, '', 'removed') },
    { articleId, seq: 5, type: 'article.locked', at: '', commentCount: 1 },
  ];
  const sync = createThreadSync({ articleId, fetchEvents: fakeServer(log).fetchEvents });
  for (const e of log) await sync.onEvent(e);
  expect(sync.state().comments.map((c) => [c.id, c.body, c.status])).toEqual([
    ['c1', 'edited', 'visible'],
    ['c2', '', 'removed'],
  ]);
  expect(sync.state()).toMatchObject({ lastApplied: 5, commentCount: 1, locked: true });
  await sync.onEvent({ articleId, seq: 6, type: 'article.unlocked', at: '', commentCount: 1 });
  expect(sync.state().locked).toBe(false);
});

test('events of another article are ignored', async () => {
  const sync = createThreadSync({ articleId, fetchEvents: fakeServer([]).fetchEvents });
  await sync.onEvent({ ...ev(makeLog(1), 0), articleId: 'other' });
  expect(sync.state().lastApplied).toBe(0);
});

test('batches apply in seq order, drop repeats, and a jump within or between batches repairs once', async () => {
  const log = makeLog(9);
  const server = fakeServer(log, 10);
  const sync = createThreadSync({ articleId, fetchEvents: server.fetchEvents });
  await sync.onEvents([ev(log, 1), ev(log, 0)]);
  await sync.onEvents([ev(log, 1), ev(log, 2)]);
  expect(sync.state().lastApplied).toBe(3);
  expect(server.calls).toEqual([]);
  // The batch with seq 5–6 was lost: the next one (7–8) shows the jump.
  await sync.onEvents([ev(log, 3)]);
  await sync.onEvents([ev(log, 6), ev(log, 7)]);
  expect(server.calls).toEqual([4]);
  await sync.onEvents([ev(log, 7), ev(log, 8)]);
  expect(ids(sync)).toEqual(seqs(9));
  expect(server.calls).toEqual([4]);
});

test('batches that arrive while joining are held and applied after missed', async () => {
  const log = makeLog(5);
  const server = fakeServer(log);
  const sync = createThreadSync({ articleId, fetchEvents: server.fetchEvents });
  sync.beginJoin();
  await sync.onEvents([ev(log, 3), ev(log, 4)]);
  expect(sync.state().lastApplied).toBe(0);
  await sync.joined({ lastSeq: 3, missed: [ev(log, 0), ev(log, 1), ev(log, 2)] });
  expect(ids(sync)).toEqual(seqs(5));
  expect(server.calls).toEqual([]);
});
