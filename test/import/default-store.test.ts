/**
 * Without --uri or MONGODB_URI the import opens the embedded store in DATA_DIR, as `npm start` does, and
 * the server started on that directory afterwards serves the imported thread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { prepareData } from '../../server/startup';
import { openStore } from '../../server/store';
import { quietLogger } from '../app/support';
import { runImport, useExportDir } from './cli';
import { disqusExport } from '../../scripts/lib/export-files';

const file = useExportDir();
const dataDir = mkdtempSync(join(tmpdir(), 'import-data-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('imports into the embedded store of DATA_DIR', async () => {
  const xml = disqusExport(
    [{ id: '1', link: 'https://news.example/one', title: 'One', createdAt: '2022-05-01T00:00:00Z' }],
    [
      {
        id: '2',
        thread: '1',
        message: '<p>kept</p>',
        createdAt: '2022-05-01T01:00:00Z',
        author: 'Kim',
        username: 'kim',
      },
    ],
  );
  const run = await runImport(['--disqus', file('one.xml', xml)], { DATA_DIR: dataDir });
  expect(run.stderr).toContain(`data in ${dataDir}`);
  expect(run.code).toBe(0);

  const config = loadConfig({ DATA_DIR: dataDir, RATE_LIMITS: 'off' });
  const store = await openStore(config, quietLogger);
  try {
    const { app, ctx } = createApp({
      config,
      logger: quietLogger,
      db: store.db,
      sessionSecret: 'a-test-secret-of-enough-length',
    });
    await prepareData(ctx, config);
    const article = (await request(app).get('/api/articles')).body.items.find(
      (a: { title: string }) => a.title === 'One',
    );
    expect(article).toEqual(expect.objectContaining({ url: 'https://news.example/one', commentCount: 1, lastSeq: 1 }));
    const items = (await request(app).get(`/api/articles/${article.id}/comments`)).body.items;
    expect(items).toEqual([
      expect.objectContaining({ seq: 1, body: 'kept', author: expect.objectContaining({ username: 'kim' }) }),
    ]);
  } finally {
    await store.close();
  }
}, 60_000);
