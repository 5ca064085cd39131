import { readFileSync } from 'node:fs';

/** Time for a full collection on a server with thousands of sockets to finish. */
const GC_WAIT_MS = 700;

/** A process's resident set size in bytes, from /proc/<pid>/status (VmRSS is given in kB). */
export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]) * 1024;
}

/**
 * RSS of each server after full garbage collections (SIGUSR2: see server-preload.cjs). Twice: V8 gives
 * pages back to the system after a collection, so the second one reads a heap the first has compacted.
 */
export async function rssAfterGc(pids: number[]): Promise<number[]> {
  for (let round = 0; round < 2; round++) {
    for (const pid of pids) process.kill(pid, 'SIGUSR2');
    await new Promise((r) => setTimeout(r, GC_WAIT_MS));
  }
  return pids.map(rssBytes);
}
