/**
 * `npm run bench -- --quick`, the smoke test CI may run: the whole bench (its own Redis, store, two app
 * instances, two baselines, load processes) completes, exits 0, and every post and removal reached every
 * reader, also in the hot-thread rounds (the app's readers batched). It asserts nothing about speed.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../scripts/bench/report';
import { repoRoot, useTempDir } from '../helpers/embedded';

const LIMIT_MS = 180_000;
const dir = useTempDir('bench-quick-');

function runQuickBench(out: string): Promise<{ code: number | null; output: string }> {
  // Its own process group, so that a timeout can stop npm, the bench and everything under it.
  const child = spawn('npm', ['run', 'bench', '--', '--quick', '--out', out], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGINT'), LIMIT_MS - 15_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

test(
  'the quick bench completes with every delivery made, against the app and the baseline',
  async () => {
    const out = join(dir(), 'bench.json');
    const { code, output } = await runQuickBench(out);
    if (code !== 0) throw new Error(`the bench exited with ${code}:\n${output.slice(-3000)}`);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.missingDeliveries).toBe(0);
    expect(report.disconnectedReaders).toBe(0);
    // Every (post, reader) pair was timed, on both targets: the zero above counts real deliveries.
    const { fanout } = report.results;
    expect(fanout.map((f) => f.target).sort()).toEqual(['app', 'baseline']);
    for (const round of fanout) expect(round.latency.count).toBe(round.readers * report.plan.fanout.posts);
    const removal = fanout.find((f) => f.target === 'app')!.removal!;
    expect(removal.allReaders.count).toBe(report.plan.fanout.removals * report.plan.readers[0]!);
    // Hot threads: both targets, the app's readers batched, every acknowledged post timed at every reader.
    const { hot } = report.results;
    expect(hot.map((r) => `${r.target} ${r.batched}`).sort()).toEqual(['app true', 'baseline false']);
    for (const round of hot) expect(round.latency.count).toBe(round.readers * round.posts.acknowledged);
    expect(report.results.largeThread?.comments).toBe(report.plan.thread.comments);
    // The first sort=top page is an index walk that reads only what it shows, not a scan of the thread.
    const top = report.results.largeThread!.topPlan;
    expect(top.stages).toContain('IXSCAN');
    expect(top.stages).not.toContain('COLLSCAN');
    expect(top.docsExamined).toBe(top.returned);
    expect(output).toContain('| figure | app | baseline | ratio | goal |');
  },
  LIMIT_MS,
);
