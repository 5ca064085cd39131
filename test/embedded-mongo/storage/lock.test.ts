import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docsOf, fileStorage, put, reopen, useTempDir } from './helpers';

const tempDir = useTempDir();
const lockPath = (): string => join(tempDir(), 'mongod.lock');

/** The pid of a process that has come and gone. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('could not start a short-lived process');
  return child.pid;
}

describe('data directory lock', () => {
  it('holds the pid while open and removes the lock file on close', async () => {
    const { storage } = fileStorage(tempDir());
    await storage.open();
    expect(readFileSync(lockPath(), 'utf8').trim()).toBe(String(process.pid));
    await storage.close();
    expect(existsSync(lockPath())).toBe(false);
  });

  it('refuses a second storage on the same directory, naming the directory and the owner', async () => {
    const first = fileStorage(tempDir()).storage;
    await first.open();
    const second = fileStorage(tempDir()).storage;
    await expect(second.open()).rejects.toThrow(`the data directory ${tempDir()} is in use by process ${process.pid}`);
    await first.append([put({ _id: 1 })]);
    await first.close();

    // Once released, the directory opens normally, with the data intact.
    expect(docsOf((await reopen(tempDir())).state)).toEqual([{ _id: 1 }]);
  });

  it('takes over a lock left by a process that no longer runs, with a warning', async () => {
    const pid = deadPid();
    writeFileSync(lockPath(), `${pid}\n`);
    const { storage, logs } = fileStorage(tempDir());
    await storage.open();
    expect(readFileSync(lockPath(), 'utf8').trim()).toBe(String(process.pid));
    expect(logs).toContainEqual({ level: 'warn', message: expect.stringContaining(`left by process ${pid}`) });
    await storage.close();
  });

  it('takes over a lock naming this very process when nothing holds it, as after a restart as PID 1', async () => {
    writeFileSync(lockPath(), `${process.pid}\n`);
    const { storage, logs } = fileStorage(tempDir());
    await storage.open();
    expect(logs).toContainEqual({ level: 'warn', message: expect.stringContaining(`left by process ${process.pid}`) });
    await expect(fileStorage(tempDir()).storage.open()).rejects.toThrow(`is in use by process ${process.pid}`);
    await storage.close();
  });

  it('takes over a lock file that holds no pid', async () => {
    writeFileSync(lockPath(), '');
    const { storage, logs } = fileStorage(tempDir());
    await storage.open();
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('taking over the lock'))).toBe(true);
    await storage.close();
  });

  it('releases the lock when recovery fails, so a fixed directory can be opened', async () => {
    writeFileSync(join(tempDir(), 'journal-000002.log'), ''); // journal 1 is missing
    await expect(fileStorage(tempDir()).storage.open()).rejects.toThrow(/journal-000001\.log is missing/);
    expect(existsSync(lockPath())).toBe(false);
  });
});
