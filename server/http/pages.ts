/**
 * The web pages: the client build (dist/client, made by `npm run build:client`) served by this app.
 * Hashed files under /assets are cached for a year (their names change with their content); index.html
 * is served for every page path and revalidated on each visit, so a new build is picked up at once.
 * Without a build the page paths answer a short 503 page saying how to make one.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import { FRAMED_PAGE } from './security-headers';

/** How long a host page's browser keeps embed.js before asking again (it has no hash in its name). */
const LOADER_MAX_AGE_S = 300;

/** The paths of the single-page app (api.md "Pages"); the client routes among them. */
export const PAGE_PATHS = ['/', '/articles/:slug', '/users/:username', '/moderation', '/account', '/reset-password'];

/** dist/client at the repository root, found from this file both in the sources and in dist/server. */
export function defaultClientDir(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'dist', 'client');
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pages not built</title></head>
<body><h1>The web pages are not built yet</h1><p>Run <code>npm run build:client</code> (or <code>npm start</code>, which builds them), then reload.</p></body></html>`;

export function pages(clientDir = defaultClientDir()): Router {
  const router = Router();
  const index = path.join(clientDir, 'index.html');

  // The loader other sites include: loadable from any site, cached briefly, revalidated by its ETag.
  router.get('/embed.js', (_req, res, next) => {
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Cache-Control', `public, max-age=${LOADER_MAX_AGE_S}`);
    res.sendFile(path.join(clientDir, 'embed.js'), (err) => err && !res.headersSent && next());
  });
  router.use(
    '/assets',
    express.static(path.join(clientDir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: true,
    }),
  );
  // The few unhashed files of the build (the icon); revalidated like index.html.
  router.use(
    express.static(clientDir, {
      index: false,
      maxAge: 0,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );

  const page =
    (file: string): RequestHandler =>
    (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(file, (err) => {
        if (!err || res.headersSent) return;
        res.status(503).type('html').send(NOT_BUILT);
      });
    };
  router.get(PAGE_PATHS, page(index));
  router.get(FRAMED_PAGE, page(path.join(clientDir, 'embed.html')));
  return router;
}
