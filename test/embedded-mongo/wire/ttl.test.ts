import { type Loose, useEmbedded } from '../../helpers/embedded';
import { settle } from '../../helpers/wait';

const embedded = useEmbedded({ dbName: 'ttl' });

describe('TTL indexes', () => {
  it('remembers the monitor interval set through setParameter', async () => {
    const admin = embedded().client.db('admin');
    const reply = await admin.command({ setParameter: 1, ttlMonitorSleepSecs: 1 });
    expect(reply.ok).toBe(1);
    expect(reply.was).toBeGreaterThan(0);
    const now = await admin.command({ getParameter: 1, ttlMonitorSleepSecs: 1 });
    expect(now.ttlMonitorSleepSecs).toBe(1);
  });

  it('deletes documents whose date is older than expireAfterSeconds, and keeps fresh ones', async () => {
    const admin = embedded().client.db('admin');
    await admin.command({ setParameter: 1, ttlMonitorSleepSecs: 1 });
    const coll = embedded().db.collection<Loose>('sessions');
    await coll.createIndex({ lastSeen: 1 }, { expireAfterSeconds: 1 });
    const old = new Date(Date.now() - 60_000);
    const fresh = new Date(Date.now() + 60 * 60_000);
    await coll.insertMany([
      { _id: 'old-1', lastSeen: old },
      // A date in an array expires with its earliest element.
      { _id: 'old-2', lastSeen: [fresh, old] },
      { _id: 'fresh', lastSeen: fresh },
      // Documents without a date in the indexed field never expire.
      { _id: 'no-date', lastSeen: 'yesterday' },
      { _id: 'missing' },
    ]);

    const expired = await settle(
      async () => (await coll.countDocuments({ _id: { $in: ['old-1', 'old-2'] } })) === 0,
      (gone) => gone,
      { timeoutMs: 5_000, intervalMs: 200 },
    );
    expect(expired).toBe(true);
    expect((await coll.find().sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual(['fresh', 'missing', 'no-date']);

    const status = await admin.command({ serverStatus: 1 });
    expect(Number(status.metrics.ttl.deletedDocuments)).toBeGreaterThanOrEqual(2);
  });
});
