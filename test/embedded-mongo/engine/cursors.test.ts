/** Idle cursors close after 10 minutes, as mongod's do; a cursor in use stays open. */
import { Long } from 'bson';
import { CURSOR_IDLE_MS, CursorStore } from '../../../server/embedded-mongo/engine/cursors';

const docs = Array.from({ length: 10 }, (_, i) => ({ _id: i }));

it('closes a cursor left unused for more than 10 minutes, and keeps one that is being read', () => {
  let now = 1_000_000;
  const cursors = new CursorStore(() => now);
  const idle = cursors.open('db.c', docs, { batchSize: 2 });
  const busy = cursors.open('db.c', docs, { batchSize: 2 });
  expect(cursors.size).toBe(2);

  now += CURSOR_IDLE_MS - 1000;
  expect(cursors.getMore(busy.id, 'db.c', 2).docs.map((d) => d._id)).toEqual([2, 3]);
  now += 2000; // idle: just over 10 minutes; busy: 2 s since its last getMore
  expect(cursors.reap()).toBe(1);
  expect(() => cursors.getMore(idle.id, 'db.c', 2)).toThrow(
    expect.objectContaining({ code: 43, codeName: 'CursorNotFound' }),
  );
  expect(cursors.getMore(busy.id, 'db.c', 100).docs.map((d) => d._id)).toEqual([4, 5, 6, 7, 8, 9]);
  expect(cursors.size).toBe(0); // exhausted cursors close themselves
});

it('answers a first batch without keeping a cursor when everything fits', () => {
  const cursors = new CursorStore();
  const all = cursors.open('db.c', docs, {});
  expect(all.id.equals(Long.ZERO)).toBe(true);
  expect(all.docs).toHaveLength(10);
  expect(cursors.size).toBe(0);
});
