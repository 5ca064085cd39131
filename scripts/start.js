/**
 * `npm start`: builds the server and the web pages when their build is missing or older than their
 * sources, then runs the server, forwarding signals and its exit code. Plain JavaScript, so it runs on a fresh clone before any build.
 */
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildClientIfStale, newestMtime } = require('./build-client.js');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'server', 'index.js');
/** Everything the server build is made of; a change to any of them makes the build stale. */
const sources = ['server', 'shared', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

function buildIfStale() {
  const built = fs.statSync(entry, { throwIfNoEntry: false });
  const newestSource = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
  if (built && built.mtimeMs >= newestSource) return;
  console.error(built ? 'Sources changed since the last build: building…' : 'No build yet: building…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error('The build failed; not starting.');
    process.exit(result.status ?? 1);
  }
}

function run() {
  const child = spawn(process.execPath, ['--enable-source-maps', entry], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => {
    // A child killed by a signal exits the way shells report it: 128 + the signal's number.
    process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0));
  });
}

buildIfStale();
try {
  buildClientIfStale();
} catch (err) {
  console.error(`${err.message} Not starting.`);
  process.exit(1);
}
run();
