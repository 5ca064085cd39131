/**
 * Builds the web pages (client/ → dist/client) when the build is missing or older than its sources.
 * Used by `npm start` (scripts/start.js), the browser tests and the screenshot script; a lock directory
 * keeps two of them from building into dist/client at the same time. Plain JavaScript, like start.js.
 * Run directly (`node scripts/build-client.js`) it builds if needed and exits.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'dist', 'client');
const builtIndex = path.join(outDir, 'index.html');
/** What the pages are made of: the client, the shared code it imports, and the dependency versions. */
const clientSources = ['client', 'shared', 'package-lock.json'];
const lockDir = path.join(root, 'dist', '.client-build.lock');
/** A lock older than this was left by a build that died; the build itself takes seconds. */
const STALE_LOCK_MS = 120_000;

function newestMtime(file) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its directory's mtime
  for (const name of fs.readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, name)));
  return newest;
}

function clientIsStale() {
  const built = fs.statSync(builtIndex, { throwIfNoEntry: false });
  return !built || built.mtimeMs < Math.max(...clientSources.map((s) => newestMtime(path.join(root, s))));
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Takes the build lock, waiting while another process holds it. */
function acquireLock() {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const lock = fs.statSync(lockDir, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > STALE_LOCK_MS) fs.rmSync(lockDir, { recursive: true, force: true });
      else sleep(200);
    }
  }
}

/** Builds when stale; answers whether it built. Throws when the build fails. */
function buildClientIfStale(log = console.error) {
  if (!clientIsStale()) return false;
  acquireLock();
  try {
    // Another process may have built while this one waited for the lock.
    if (!clientIsStale()) return false;
    log(
      fs.existsSync(builtIndex)
        ? 'The web pages changed since their last build: building…'
        : 'No build of the web pages yet: building…',
    );
    const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    // The pages first (they empty dist/client), then the embed loader beside them.
    for (const config of ['client/vite.config.ts', 'client/vite.embed.config.ts']) {
      const result = spawnSync(process.execPath, [vite, 'build', '--config', config, '--logLevel', 'warn'], {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      const exit = result.status ?? result.signal;
      if (result.status !== 0) throw new Error(`The build of the web pages failed (${config}, exit ${exit}).`);
    }
    return true;
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

module.exports = { buildClientIfStale, newestMtime, clientDir: outDir };

if (require.main === module) {
  try {
    buildClientIfStale();
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
