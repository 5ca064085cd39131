/**
 * Scenario 5: the server time of `GET /api/articles/:id/comments?limit=50` on the first page and on a
 * page 1,000 deep of a large thread, on its first `sort=top` page (with the store's plan for it), and on
 * the first page of a 10-comment thread. The threads are filled
 * by `scripts/seed.ts` (the models' insertMany, comments and events in the exact stored shape) run as a
 * child process on the bench's store; the pages are then asked of an app instance over loopback, and the
 * median round trip (which bounds the server time from above) is the figure.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { encodeCursor } from '../../../server/lib/cursor';
import { explainTopPage, type TopPlan } from '../top-plan';
import { call } from '../api-client';
import type { BenchContext } from '../context';
import { median } from '../stats';

const PAGE = 50;
const DEEP_PAGES = 1_000;
const WARMUP = 5;
const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface LargeThread {
  comments: number;
  seedSeconds: number;
  firstPageMs: number;
  deepPageMs: number;
  deepPageSeq: number;
  smallThread: { comments: number; firstPageMs: number };
  /** The first page of `sort=top` (most reactions first) and how the store reads its top-level comments. */
  topPageMs: number;
  topPlan: TopPlan;
  requests: number;
}

/** Runs the seed on the bench's store and answers the new article's id. */
function seed(ctx: BenchContext, comments: number): Promise<string> {
  // A clean environment: no ADMIN_* (the seed prepares the data like a server would, and would reset the admin).
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/seed.ts', '--comments', String(comments), '--uri', ctx.stack.storeUri],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  ctx.stoppers.add(async () => child.exitCode === null && child.kill('SIGKILL'));
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const id = /^article: \S+ \(([0-9a-f]{24})\)$/m.exec(output)?.[1];
      if (code === 0 && id) resolve(id);
      else reject(new Error(`seed exited with ${code}: ${output.slice(-500)}`));
    });
  });
}

async function medianRoundTrip(base: string, pathAndQuery: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + runs; i++) {
    const started = performance.now();
    const page = await call<{ items: unknown[] }>(base, 'GET', pathAndQuery);
    const ms = performance.now() - started;
    if (page.items.length === 0) throw new Error(`GET ${pathAndQuery} answered no comments`);
    if (i >= WARMUP) times.push(ms);
  }
  return median(times);
}

export async function largeThread(ctx: BenchContext): Promise<LargeThread> {
  const { comments, small, requests } = ctx.plan.thread;
  const base = ctx.stack.app[0]!.url;
  ctx.progress.update('large thread', `seeding ${comments} comments`);
  const started = performance.now();
  const bigId = await seed(ctx, comments);
  const seedSeconds = Math.round((performance.now() - started) / 100) / 10;
  ctx.progress.update('large thread', `seeding ${small} comments`);
  const smallId = await seed(ctx, small);

  ctx.progress.update('large thread', 'timing pages');
  const deepPageSeq = Math.max(0, Math.min(DEEP_PAGES * PAGE, comments - PAGE));
  const list = (id: string) => `/api/articles/${id}/comments?limit=${PAGE}`;
  return {
    comments,
    seedSeconds,
    firstPageMs: await medianRoundTrip(base, list(bigId), requests),
    deepPageMs: await medianRoundTrip(
      base,
      `${list(bigId)}&cursor=${encodeCursor({ s: deepPageSeq, d: 'oldest' })}`,
      requests,
    ),
    deepPageSeq,
    smallThread: { comments: small, firstPageMs: await medianRoundTrip(base, list(smallId), requests) },
    topPageMs: await medianRoundTrip(base, `${list(bigId)}&sort=top`, requests),
    topPlan: await explainTopPage(ctx.stack.storeUri, bigId, PAGE),
    requests,
  };
}
