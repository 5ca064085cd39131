/**
 * How server/http/pages.ts serves the built pages: index.html for every page path (revalidated), hashed
 * assets cached for a year, a clear 503 page before any build, and /api paths never answered by a page.
 * On a temporary directory standing in for dist/client, so it needs no build.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { pages } from '../../server/http/pages';
import { useTempDir } from '../helpers/embedded';
import { useApiHarness } from '../api/harness';

const tempDir = useTempDir('pages-');

function appOn(dir: string) {
  const app = express();
  app.use(pages(dir));
  app.use((_req, res) => res.status(404).json({ error: { code: 'not_found', message: 'nothing here' } }));
  return app;
}

describe('with a build', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>pages</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    writeFileSync(join(dir, 'embed.html'), '<!doctype html><title>framed</title>');
    writeFileSync(join(dir, 'embed.js'), '(function(){})()');
  });

  test('/embed/thread answers the framed page; /embed.js is loadable from any site and cached briefly', async () => {
    const framed = await request(appOn(dir)).get('/embed/thread?url=https%3A%2F%2Fa.example%2F&title=T');
    expect(framed.status).toBe(200);
    expect(framed.text).toContain('<title>framed</title>');
    expect(framed.headers['cache-control']).toBe('no-cache');
    const loader = await request(appOn(dir)).get('/embed.js');
    expect(loader.status).toBe(200);
    expect(loader.type).toBe('text/javascript');
    expect(loader.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(loader.headers['cache-control']).toBe('public, max-age=300');
    expect(loader.headers.etag).toBeDefined();
  });

  const pagePaths = ['/', '/articles/welcome', '/users/admin', '/moderation'];
  test.each(pagePaths)('%s answers index.html, revalidated on each visit', async (path) => {
    const res = await request(appOn(dir)).get(path);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('<title>pages</title>');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  test('hashed assets are cached for a year, other files revalidated', async () => {
    const asset = await request(appOn(dir)).get('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await request(appOn(dir)).get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  test('other paths are not pages', async () => {
    for (const path of ['/articles', '/articles/a/b', '/assets/missing.js', '/nope']) {
      expect((await request(appOn(dir)).get(path)).status).toBe(404);
    }
  });
});

test('without a build the pages answer a 503 page saying how to build', async () => {
  const res = await request(appOn(tempDir())).get('/articles/welcome');
  expect(res.status).toBe(503);
  expect(res.type).toBe('text/html');
  expect(res.text).toContain('npm run build:client');
});

describe('mounted in the app', () => {
  const h = useApiHarness();

  test('an unknown /api path keeps its 404 envelope; the pages carry the CSP', async () => {
    const api = await request(h().http).get('/api/articles/nope/nope/nope');
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('not_found');
    const page = await request(h().http).get('/moderation');
    expect([200, 503]).toContain(page.status);
    expect(page.type).toBe('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });
});
