import { Long, type CommandSucceededEvent, type Document, type MongoClient } from 'mongodb';
import { connectClient, type Loose, useEmbedded } from '../../helpers/embedded';

const embedded = useEmbedded({ dbName: 'cursors' });
const db = () => embedded().db;
const TOTAL = 1000;

/** A second client that records every command reply, to see what went over the wire. */
let watched: MongoClient;
const replies: CommandSucceededEvent[] = [];

beforeAll(async () => {
  await db()
    .collection<Loose>('many')
    .insertMany(Array.from({ length: TOTAL }, (_, i) => ({ _id: i, pad: 'x'.repeat(20) })));
  watched = await connectClient(embedded().server.uri(), { monitorCommands: true });
  watched.on('commandSucceeded', (e) => replies.push(e));
});
afterAll(() => watched.close());

const openCursors = async () =>
  Number((await embedded().client.db('admin').command({ serverStatus: 1 })).metrics.cursor.open.total);

describe('cursors over many documents', () => {
  it('delivers 1,000 documents in batches of 7 through getMore, in order', async () => {
    replies.length = 0;
    const ids: number[] = [];
    for await (const doc of watched.db('cursors').collection<Loose>('many').find({}, { batchSize: 7 }).sort({ _id: 1 }))
      ids.push(doc._id as unknown as number);
    expect(ids).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
    const getMores = replies.filter((e) => e.commandName === 'getMore');
    expect(getMores).toHaveLength(Math.ceil(TOTAL / 7) - 1);
    const batchSizes = getMores.map((e) => (e.reply as Document).cursor.nextBatch.length as number);
    expect(batchSizes).toEqual([...Array<number>(getMores.length - 1).fill(7), TOTAL % 7]);
  });

  it('gives the default first batch of 101 documents and the rest in one getMore', async () => {
    const first = await db().command({ find: 'many', filter: {} }, { promoteLongs: false });
    expect(first.cursor.firstBatch).toHaveLength(101);
    const rest = await db().command({ getMore: first.cursor.id, collection: 'many' }, { promoteLongs: false });
    expect(rest.cursor.nextBatch).toHaveLength(TOTAL - 101);
    expect(rest.cursor.id.isZero()).toBe(true);
  });

  it('answers cursor ids as Int64 in find and in every getMore', async () => {
    const first = await db().command({ find: 'many', filter: {}, batchSize: 300 }, { promoteLongs: false });
    expect(first.cursor.id).toBeInstanceOf(Long);
    const seen: Long[] = [];
    let id = first.cursor.id as Long;
    while (!id.isZero()) {
      const more = await db().command({ getMore: id, collection: 'many', batchSize: 300 }, { promoteLongs: false });
      expect(more.cursor.id).toBeInstanceOf(Long);
      id = more.cursor.id;
      seen.push(id);
    }
    expect(seen).toHaveLength(3);
    expect(seen.at(-1)?.isZero()).toBe(true);
  });

  it('kills a cursor: getMore on it then answers CursorNotFound (43)', async () => {
    const before = await openCursors();
    const first = await db().command({ find: 'many', filter: {}, batchSize: 5 }, { promoteLongs: false });
    expect(await openCursors()).toBe(before + 1);
    const killed = await db().command({ killCursors: 'many', cursors: [first.cursor.id] }, { promoteLongs: false });
    expect(killed.cursorsKilled.map((c: Long) => c.toString())).toEqual([first.cursor.id.toString()]);
    expect(await openCursors()).toBe(before);

    await expect(db().command({ getMore: first.cursor.id, collection: 'many' })).rejects.toMatchObject({
      code: 43,
      codeName: 'CursorNotFound',
    });
    const again = await db().command({ killCursors: 'many', cursors: [first.cursor.id] }, { promoteLongs: false });
    expect(again.cursorsNotFound.map((c: Long) => c.toString())).toEqual([first.cursor.id.toString()]);
  });

  it('answers CursorNotFound for an id that never existed', async () => {
    await expect(
      db().command({ getMore: Long.fromString('123456789012345'), collection: 'many' }),
    ).rejects.toMatchObject({ code: 43 });
  });

  it('lets the driver kill a cursor it stops reading early', async () => {
    replies.length = 0;
    const before = await openCursors();
    const cursor = watched.db('cursors').collection<Loose>('many').find({}, { batchSize: 10 });
    expect(await cursor.next()).toEqual({ _id: 0, pad: 'x'.repeat(20) });
    expect(await openCursors()).toBe(before + 1);
    await cursor.close();
    expect(replies.map((e) => e.commandName)).toContain('killCursors');
    expect(await openCursors()).toBe(before);
  });
});
