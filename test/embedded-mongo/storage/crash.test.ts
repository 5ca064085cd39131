import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { docsOf, fileStorage, reopen, useTempDir } from './helpers';

const tempDir = useTempDir();
const repoRoot = resolve(__dirname, '../../..');
const fixture = join(__dirname, 'fixtures', 'append-until-killed.ts');

/**
 * Runs the appending child until it has acknowledged `count` records, lets `whileRunning` look at it, then
 * kills it with SIGKILL; resolves to every id it acknowledged, including those still in the pipe.
 */
async function appendUntilKilled(count: number, whileRunning: (pid: number) => Promise<void>): Promise<number[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, tempDir()], { cwd: repoRoot });
  const acks: number[] = [];
  let partial = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<void>((done) => child.on('close', () => done()));
  await new Promise<void>((enough, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line !== 'ready') acks.push(Number(line));
      if (acks.length >= count) enough();
    });
    child.on('close', (code, signal) => fail(new Error(`the child stopped (${code ?? signal}) early: ${stderr}`)));
  });
  await whileRunning(child.pid ?? -1);
  child.kill('SIGKILL');
  await closed;
  return acks;
}

describe('crash safety', () => {
  it('keeps every acknowledged record through kill -9, three times over', async () => {
    const acked: number[] = [];
    for (let round = 0; round < 3; round++) {
      acked.push(
        ...(await appendUntilKilled(400, async (pid) => {
          // While the child runs, the directory is its own.
          await expect(fileStorage(tempDir()).storage.open()).rejects.toThrow(`in use by process ${pid}`);
        })),
      );
    }
    const { state, logs } = await reopen(tempDir());
    const present = new Set(docsOf(state).map((d) => d._id));
    expect(acked.length).toBeGreaterThanOrEqual(1200);
    expect(acked.filter((id) => !present.has(id))).toEqual([]);
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('taking over the lock'))).toBe(true);
  });
});
