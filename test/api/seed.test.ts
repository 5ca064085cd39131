/**
 * `scripts/seed.ts` on a store shared with an app: the thread it makes is valid (comments and their
 * events, seq gap-free, the article's counters right, unlocked), and it refuses an existing article.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import request from 'supertest';
import { useApiHarness } from './harness';

const h = useApiHarness();
const repoRoot = resolve(__dirname, '../..');

function runSeed(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('exit', (code) => done({ code, stdout, stderr })));
}

const uri = () => `mongodb://127.0.0.1:${h().store.db.port}/discussion`;

it('fills a new thread with N comments and their events, and prints the page timings', async () => {
  const n = 2_345;
  const run = await runSeed(['--comments', String(n), '--article', 'seed-test', '--uri', uri()]);
  expect(run.stderr).not.toContain('seed failed');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/first page \(50 comments\): median [\d.]+ ms/);
  expect(run.stdout).toMatch(/page after seq \d+ .*: median [\d.]+ ms/);

  const article = (await request(h().http).get('/api/articles/seed-test')).body.article;
  expect(article).toEqual(expect.objectContaining({ lastSeq: n, commentCount: n, locked: false }));
  const seqs: number[] = [];
  for (let after = 0; after < n; after = seqs[seqs.length - 1]!) {
    const res = await request(h().http).get(`/api/articles/${article.id}/events`).query({ after, limit: 500 });
    expect(res.body.items.length).toBeGreaterThan(0);
    for (const e of res.body.items) {
      expect(e.type).toBe('comment.created');
      expect(e.comment.seq).toBe(e.seq);
      expect(e.commentCount).toBe(e.seq);
    }
    seqs.push(...res.body.items.map((e: { seq: number }) => e.seq));
  }
  expect(seqs).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  // Parents count their replies as if they had been posted: the most replied comment shows as many.
  const most = (
    await request(h().http).get(`/api/articles/${article.id}/comments`).query({ sort: 'replies', limit: 1 })
  ).body;
  const [top] = most.items;
  expect(top.replyCount).toBeGreaterThan(0);
  expect(most.items.filter((c: { parentId: string | null }) => c.parentId === top.id)).toHaveLength(top.replyCount);
  const last = await request(h().http).get(`/api/articles/${article.id}/comments`).query({ sort: 'newest', limit: 1 });
  expect(last.body.items[0]).toEqual(expect.objectContaining({ seq: n, status: 'visible' }));
  expect(last.body.items[0].html).toContain('<');
  // The thread takes new comments after the seed, numbered on from it.
  const poster = await h().register('after_seed');
  const posted = await request(h().http)
    .post(`/api/articles/${article.id}/comments`)
    .set('Authorization', `Bearer ${poster.token}`)
    .send({ body: 'after the seed' });
  expect(posted.status).toBe(201);
  expect(posted.body.comment.seq).toBe(n + 1);
}, 60_000);

it('refuses to fill an article that exists already', async () => {
  const run = await runSeed(['--comments', '10', '--article', 'welcome', '--uri', uri()]);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('exists already');
  expect((await request(h().http).get('/api/articles/welcome')).body.article.lastSeq).toBe(0);
}, 30_000);
