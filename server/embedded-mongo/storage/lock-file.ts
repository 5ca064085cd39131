import { closeSync, fstatSync, ftruncateSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tryLock } from 'fs-native-extensions';
import type { StorageOptions } from './types';

export const LOCK_FILE = 'mongod.lock';

export interface DirLock {
  /** Removes the lock file and drops the lock. */
  release(): void;
}

/*
 * Why a kernel lock and not the pid in the file: a pid says nothing reliable about the owner. Right after
 * `kill -9` the dead owner is a zombie whose pid still answers kill(pid, 0), and in a container the restarted
 * server is often PID 1 again, or its old pid belongs to an unrelated process, so a pid test refuses the
 * restart. An exclusive lock on the open lock file (an open-file-description lock on Linux, flock on macOS,
 * through fs-native-extensions, which ships prebuilt binaries) is dropped by the kernel when the file is
 * closed, and a dying process's files are closed before it becomes a zombie. A listening Unix socket would
 * also die with its owner, but "probe, unlink, listen" can be won by two starters at once, and socket paths
 * are limited to about 100 bytes. The pid is still written into the file, for people and for the refusal
 * message; it decides nothing. Files are opened close-on-exec, so a spawned child never inherits the lock.
 */

/** The open lock file; `created` when this call made it, so it was not left over by anyone. */
function openLockFile(path: string): { fd: number; created: boolean } | undefined {
  try {
    return { fd: openSync(path, 'wx+'), created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  try {
    return { fd: openSync(path, 'r+'), created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // released in between: try again
    throw err;
  }
}

/** True if the exclusive lock was taken; false if someone holds it (POSIX allows EACCES for that too). */
function tryExclusive(fd: number): boolean {
  try {
    return tryLock(fd);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EACCES') return false;
    throw err;
  }
}

/** True while `path` still names the file open as `fd` (a releasing owner unlinks it before letting go). */
function isCurrent(fd: number, path: string): boolean {
  try {
    const open = fstatSync(fd);
    const named = statSync(path);
    return open.ino === named.ino && open.dev === named.dev;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** The pid written in the open lock file, if it holds one. */
function readPid(fd: number): number | undefined {
  const pid = Number(readFileSync(fd, 'utf8').trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Claims `dir` for this process: an exclusive kernel lock on `mongod.lock`, held until release or death.
 * Another holder, this process included (each claim opens the file anew), makes it throw with the pid the
 * holder wrote; a file nobody holds, left by a crash, is taken over with a warning. Only the holder unlinks
 * the file, and only while holding it; a claimant that locked a file unlinked meanwhile retries on the new one.
 */
export function lockDataDir(dir: string, log: StorageOptions['log']): DirLock {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 10; attempt++) {
    const opened = openLockFile(path);
    if (!opened) continue;
    const { fd, created } = opened;
    let held = false;
    try {
      if (!tryExclusive(fd)) {
        const owner = readPid(fd);
        throw new Error(
          `embedded-mongo: the data directory ${dir} is in use by ${owner ? `process ${owner}` : 'another process'}` +
            ` (it holds the lock on ${path}); stop that server first, or give this one another --dbpath`,
        );
      }
      if (!isCurrent(fd, path)) continue;
      if (!created) {
        const left = readPid(fd);
        log('warn', `taking over the lock on ${dir} left by process ${left ?? '(unknown)'}, which no longer holds it`);
      }
      ftruncateSync(fd, 0);
      writeSync(fd, `${process.pid}\n`, 0);
      held = true;
      return holding(fd, path);
    } finally {
      if (!held) closeSync(fd);
    }
  }
  throw new Error(`embedded-mongo: could not lock ${path}: it kept being replaced`);
}

function holding(fd: number, path: string): DirLock {
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      try {
        if (isCurrent(fd, path)) unlinkSync(path);
      } finally {
        closeSync(fd);
      }
    },
  };
}
