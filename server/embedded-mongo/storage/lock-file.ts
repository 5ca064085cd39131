import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StorageOptions } from './types';

export const LOCK_FILE = 'mongod.lock';

export interface DirLock {
  /** Removes the lock file if it is still ours. */
  release(): void;
}

/** True while a process with this pid exists (EPERM: it exists but belongs to someone else). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Claims `dir` for this process: `mongod.lock` holds the owner's pid. The file is written under a private
 * name and then hard-linked into place, which fails if the lock exists, so nobody ever sees a half-written
 * lock. A lock whose process is gone (killed, crashed) is taken over with a warning, so a restart after
 * `kill -9` works at once; a live owner, this process included, makes it throw.
 */
export function lockDataDir(dir: string, log: StorageOptions['log']): DirLock {
  const path = join(dir, LOCK_FILE);
  const mine = join(dir, `${LOCK_FILE}.${process.pid}`);
  writeFileSync(mine, `${process.pid}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, path);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw err;
      }
      const owner = readPid(path);
      if (owner !== undefined && isAlive(owner)) {
        throw new Error(`embedded-mongo: the data directory ${dir} is in use by process ${owner} (lock file ${path})`);
      }
      // Two processes taking over the same stale lock at the same instant could both succeed; starting two
      // servers on one directory at the same moment after a crash is not a case worth a heavier protocol.
      log('warn', `taking over the lock on ${dir} left by process ${owner ?? '(unknown)'}, which is no longer running`);
      rmSync(path, { force: true });
    }
  } finally {
    rmSync(mine, { force: true });
  }
  return {
    release() {
      if (readPid(path) === process.pid) rmSync(path, { force: true });
    },
  };
}
