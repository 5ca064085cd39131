/**
 * `npm run bench:import -- [--comments 100000] [--per-thread 500]`: generates a Disqus export of that
 * many comments, imports it into a fresh embedded store running in its own process (so the importer's
 * own memory is measured, not the store's), and prints the time and the importer's peak memory
 * (`/usr/bin/time -v` when there is one), then runs it again to time a second, idempotent run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startChildStore } from './lib/child-store';
import { writeLargeDisqus } from './lib/export-files';

const ROOT = resolve(__dirname, '..');
const TIME = '/usr/bin/time';

function runImport(file: string, uri: string): Promise<{ seconds: number; peakKiB: number | null; stdout: string }> {
  const args = ['--import', 'tsx', join(ROOT, 'scripts/import.ts'), '--disqus', file, '--uri', uri];
  const timed = existsSync(TIME);
  const child = timed
    ? spawn(TIME, ['-v', process.execPath, ...args], { cwd: ROOT })
    : spawn(process.execPath, args, { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const started = performance.now();
  return new Promise((done, fail) =>
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`import exited ${code}: ${stderr.slice(-2000)}`));
      const peak = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      done({ seconds: (performance.now() - started) / 1000, peakKiB: peak ? Number(peak[1]) : null, stdout });
    }),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { comments: { type: 'string', default: '100000' }, 'per-thread': { type: 'string', default: '500' } },
  });
  const comments = Number(values.comments);
  const perThread = Number(values['per-thread']);
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const store = await startChildStore({ dbPath: join(dir, 'data') });
  try {
    const file = join(dir, 'disqus.xml');
    writeLargeDisqus(file, comments, perThread);
    console.log(
      `export: ${comments} comments in ${Math.ceil(comments / perThread)} threads, ` +
        `${(statSync(file).size / 1e6).toFixed(1)} MB`,
    );
    for (const run of ['first run', 'second run']) {
      const r = await runImport(file, store.uri('discussion'));
      const peak =
        r.peakKiB === null
          ? 'peak memory unknown (no /usr/bin/time)'
          : `importer peak RSS ${(r.peakKiB / 1024).toFixed(0)} MiB`;
      console.log(`${run}: ${r.seconds.toFixed(1)} s (${Math.round(comments / r.seconds)} comments/s), ${peak}`);
      console.log(r.stdout.trim().replace(/^/gm, '  '));
    }
  } finally {
    await store.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
