import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Time for a full collection on a server with thousands of sockets to finish. */
const GC_WAIT_MS = 700;

/** A process's resident set size in bytes, from /proc/<pid>/status (VmRSS is given in kB). */
export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]) * 1024;
}

/** What a server holds after full collections: its RSS, and its V8 heap plus what lives outside it (buffers). */
export interface MemoryReading {
  rss: number[];
  heap: number[];
}

/**
 * RSS and heap of each server after full garbage collections (SIGUSR2: see server-preload.cjs, which
 * writes process.memoryUsage() into `memoryDir` after each). Twice: V8 gives pages back to the system
 * after a collection, so the second one reads a heap the first has compacted.
 */
export async function memoryAfterGc(pids: number[], memoryDir: string): Promise<MemoryReading> {
  for (let round = 0; round < 2; round++) {
    for (const pid of pids) process.kill(pid, 'SIGUSR2');
    await new Promise((r) => setTimeout(r, GC_WAIT_MS));
  }
  const heap = pids.map((pid) => {
    const usage = JSON.parse(readFileSync(path.join(memoryDir, `${pid}.json`), 'utf8')) as NodeJS.MemoryUsage;
    return usage.heapUsed + usage.external;
  });
  return { rss: pids.map(rssBytes), heap };
}
