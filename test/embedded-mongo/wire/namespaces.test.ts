import { MongoServerError } from 'mongodb';
import { type Loose, useEmbedded } from '../../helpers/embedded';

const embedded = useEmbedded({ dbName: 'ns' });
const client = () => embedded().client;
const admin = () => client().db('admin');

async function collectionNames(dbName: string): Promise<string[]> {
  const infos = await client().db(dbName).listCollections({}, { nameOnly: true }).toArray();
  return infos.map((i) => i.name).sort();
}

describe('databases and collections', () => {
  it('lists databases with their sizes, by name only, and through a filter', async () => {
    await client().db('ns_list_a').collection<Loose>('c').insertOne({ x: 1 });
    await client().db('ns_list_b').collection<Loose>('c').insertOne({ x: 2 });

    const full = await admin().command({ listDatabases: 1 });
    expect(full.ok).toBe(1);
    const a = full.databases.find((d: { name: string }) => d.name === 'ns_list_a');
    expect(a).toMatchObject({ name: 'ns_list_a', empty: false });
    expect(Number(a.sizeOnDisk)).toBeGreaterThan(0);
    expect(Number(full.totalSize)).toBeGreaterThan(0);

    const names = await admin().command({ listDatabases: 1, nameOnly: true });
    const b = names.databases.find((d: { name: string }) => d.name === 'ns_list_b');
    expect(b).toEqual({ name: 'ns_list_b' });

    const filtered = await admin().command({
      listDatabases: 1,
      nameOnly: true,
      filter: { name: { $regex: '^ns_list_' } },
    });
    expect(filtered.databases.map((d: { name: string }) => d.name).sort()).toEqual(['ns_list_a', 'ns_list_b']);
  });

  it('lists collections in full, by name only and through a filter', async () => {
    const db = client().db('ns_lc');
    await db.collection<Loose>('alpha').insertOne({ _id: 1 });
    await db.createCollection('beta');

    const full = await db.listCollections().toArray();
    const alpha = full.find((c) => c.name === 'alpha');
    expect(alpha).toMatchObject({ name: 'alpha', type: 'collection', options: {}, info: { readOnly: false } });
    expect(alpha).toHaveProperty('idIndex.key', { _id: 1 });

    expect(await db.listCollections({}, { nameOnly: true }).toArray()).toEqual(
      expect.arrayContaining([
        { name: 'alpha', type: 'collection' },
        { name: 'beta', type: 'collection' },
      ]),
    );
    const onlyBeta = await db.listCollections({ name: 'beta' }).toArray();
    expect(onlyBeta.map((c) => c.name)).toEqual(['beta']);
    expect(await db.listCollections({ name: 'nothing-here' }).toArray()).toEqual([]);
  });

  it('creates a collection, and answers NamespaceExists (48) on a second create', async () => {
    const db = client().db('ns_create');
    await db.createCollection('once');
    expect(await collectionNames('ns_create')).toEqual(['once']);
    const err = await db.createCollection('once').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoServerError);
    expect(err).toMatchObject({ code: 48, codeName: 'NamespaceExists' });
    expect((err as Error).message).toContain('ns_create.once');
  });

  it('drops a collection with its documents, and dropping a missing one succeeds', async () => {
    const db = client().db('ns_drop');
    await db.collection<Loose>('gone').insertMany([{ a: 1 }, { a: 2 }]);
    await db.collection<Loose>('kept').insertOne({ a: 3 });
    expect(await db.collection<Loose>('gone').drop()).toBe(true);
    expect(await collectionNames('ns_drop')).toEqual(['kept']);
    expect(await db.collection<Loose>('gone').countDocuments()).toBe(0);
    await expect(db.collection<Loose>('never-was').drop()).resolves.toBe(true);
  });

  it('drops a database with all its collections', async () => {
    const db = client().db('ns_dropdb');
    await db.collection<Loose>('one').insertOne({ a: 1 });
    await db.collection<Loose>('two').insertOne({ a: 2 });
    expect(await db.dropDatabase()).toBe(true);
    expect(await collectionNames('ns_dropdb')).toEqual([]);
    const { databases } = await admin().command({ listDatabases: 1, nameOnly: true });
    expect(databases.map((d: { name: string }) => d.name)).not.toContain('ns_dropdb');
  });

  it('renames a collection, keeping its documents and indexes', async () => {
    const db = client().db('ns_rename');
    await db.collection<Loose>('before').insertMany([
      { _id: 1, k: 'a' },
      { _id: 2, k: 'b' },
    ]);
    await db.collection<Loose>('before').createIndex({ k: 1 }, { unique: true });
    await db.renameCollection('before', 'after');
    expect(await collectionNames('ns_rename')).toEqual(['after']);
    expect(await db.collection<Loose>('after').find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, k: 'a' },
      { _id: 2, k: 'b' },
    ]);
    const indexes = await db.collection<Loose>('after').listIndexes().toArray();
    expect(indexes.map((i) => i.name).sort()).toEqual(['_id_', 'k_1']);
    // The unique index still holds under the new name.
    await expect(db.collection<Loose>('after').insertOne({ _id: 3, k: 'a' })).rejects.toMatchObject({ code: 11000 });
  });

  it('renames over an existing collection only with dropTarget', async () => {
    const db = client().db('ns_rename_target');
    await db.collection<Loose>('src').insertOne({ _id: 'from-src' });
    await db.collection<Loose>('dst').insertOne({ _id: 'from-dst' });

    await expect(db.renameCollection('src', 'dst')).rejects.toMatchObject({ code: 48, codeName: 'NamespaceExists' });
    expect(await db.collection<Loose>('dst').find().toArray()).toEqual([{ _id: 'from-dst' }]);

    await db.renameCollection('src', 'dst', { dropTarget: true });
    expect(await collectionNames('ns_rename_target')).toEqual(['dst']);
    expect(await db.collection<Loose>('dst').find().toArray()).toEqual([{ _id: 'from-src' }]);
  });

  it('refuses to rename a missing collection (26) or a collection onto itself', async () => {
    const db = client().db('ns_rename_errors');
    await expect(db.renameCollection('missing', 'anything')).rejects.toMatchObject({
      code: 26,
      codeName: 'NamespaceNotFound',
    });
    await db.collection<Loose>('self').insertOne({ a: 1 });
    await expect(
      admin().command({ renameCollection: 'ns_rename_errors.self', to: 'ns_rename_errors.self' }),
    ).rejects.toMatchObject({ code: 20 });
    expect(await db.collection<Loose>('self').countDocuments()).toBe(1);
  });

  it('renames a collection into another database', async () => {
    await client().db('ns_cross_a').collection<Loose>('moving').insertOne({ _id: 42 });
    await admin().command({ renameCollection: 'ns_cross_a.moving', to: 'ns_cross_b.moved' });
    expect(await collectionNames('ns_cross_a')).toEqual([]);
    expect(await client().db('ns_cross_b').collection<Loose>('moved').find().toArray()).toEqual([{ _id: 42 }]);
  });
});
