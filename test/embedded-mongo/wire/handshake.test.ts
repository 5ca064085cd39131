import { Long, MongoClient } from 'mongodb';
import { type Loose, useEmbedded } from '../../helpers/embedded';

const embedded = useEmbedded({ dbName: 'handshake' });
const admin = () => embedded().client.db('admin');

/** Accepts the ways a driver may hand a BSON number back. */
const num = (v: unknown): number => (v instanceof Long ? v.toNumber() : Number(v));

describe('handshake and server information', () => {
  it('answers ping', async () => {
    expect(await admin().command({ ping: 1 })).toEqual({ ok: 1 });
  });

  it('answers hello with the limits of a standalone MongoDB 7 server', async () => {
    const hello = await admin().command({ hello: 1 });
    expect(hello).toMatchObject({
      ok: 1,
      isWritablePrimary: true,
      maxBsonObjectSize: 16777216,
      maxMessageSizeBytes: 48000000,
      maxWriteBatchSize: 100000,
      readOnly: false,
    });
    expect(num(hello.logicalSessionTimeoutMinutes)).toBeGreaterThan(0);
    expect(num(hello.maxWireVersion)).toBeGreaterThanOrEqual(17);
    expect(num(hello.minWireVersion)).toBe(0);
    expect(hello.localTime).toBeInstanceOf(Date);
    expect(Number.isInteger(num(hello.connectionId))).toBe(true);
    // A standalone: no replica set name, and no topologyVersion (which would turn on streaming monitoring).
    expect(hello.setName).toBeUndefined();
    expect(hello.topologyVersion).toBeUndefined();
  });

  it('answers the legacy isMaster with ismaster: true', async () => {
    const reply = await admin().command({ isMaster: 1 });
    expect(reply).toMatchObject({ ok: 1, ismaster: true, maxBsonObjectSize: 16777216 });
  });

  it('lets the driver see a standalone server', async () => {
    // A fresh client, to watch the monitoring events of its first handshake.
    const client = new MongoClient(embedded().server.uri(), { serverSelectionTimeoutMS: 5_000 });
    const types: string[] = [];
    client.on('serverDescriptionChanged', (e) => types.push(e.newDescription.type));
    try {
      await client.connect();
      expect(types).toContain('Standalone');
    } finally {
      await client.close();
    }
  });

  it('answers buildInfo with a version string and array', async () => {
    const info = await admin().command({ buildInfo: 1 });
    expect(info.ok).toBe(1);
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Array.isArray(info.versionArray)).toBe(true);
    expect(num(info.versionArray[0])).toBeGreaterThanOrEqual(6);
    expect(String(info.version).startsWith(`${num(info.versionArray[0])}.`)).toBe(true);
    expect(num(info.maxBsonObjectSize)).toBe(16777216);
  });

  it('answers getParameter for a named parameter and refuses an unknown one', async () => {
    const fcv = await admin().command({ getParameter: 1, featureCompatibilityVersion: 1 });
    expect(fcv.ok).toBe(1);
    expect(fcv.featureCompatibilityVersion.version).toMatch(/^\d+\.\d+$/);
    await expect(admin().command({ getParameter: 1, noSuchParameterAnywhere: 1 })).rejects.toMatchObject({ code: 72 });
  });

  it('answers hostInfo', async () => {
    const info = await admin().command({ hostInfo: 1 });
    expect(info.ok).toBe(1);
    expect(info.system.currentTime).toBeInstanceOf(Date);
    expect(typeof info.system.hostname).toBe('string');
    expect(typeof info.os.type).toBe('string');
  });

  it('answers a minimal serverStatus that counts this connection and its operations', async () => {
    const before = await admin().command({ serverStatus: 1 });
    await embedded().db.collection<Loose>('status').insertOne({ a: 1 });
    const after = await admin().command({ serverStatus: 1 });
    expect(after.ok).toBe(1);
    expect(typeof after.version).toBe('string');
    expect(num(after.uptime)).toBeGreaterThanOrEqual(0);
    expect(after.localTime).toBeInstanceOf(Date);
    expect(num(after.connections.current)).toBeGreaterThanOrEqual(1);
    expect(num(after.opcounters.insert)).toBe(num(before.opcounters.insert) + 1);
  });

  it('serves 20 concurrent operations on one client, each getting its own answer', async () => {
    const coll = embedded().db.collection<{ _id: number; square: number }>('pool');
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await coll.insertOne({ _id: i, square: i * i });
        return coll.findOne({ _id: i });
      }),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => ({ _id: i, square: i * i })));
    expect(await coll.countDocuments()).toBe(20);
  });
});
