/**
 * CPU time of processes from /proc/<pid>/stat (user + system), read around a phase to charge its work to
 * each server: what a delivered event costs, beside how fast it arrives.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second (USER_HZ), in which /proc reports CPU time. */
function hz(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

/** User + system CPU of one process so far, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The name (field 2) may hold spaces and parentheses: count the fields from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime] = [Number(fields[11]), Number(fields[12])];
  return ((utime + stime) * 1000) / hz();
}

/** Summed CPU ms of several processes. */
export const totalCpuMs = (pids: number[]): number => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);

export interface CpuUsed {
  /** Per instance, in the order of `pids`. */
  perInstanceMs: number[];
  instancesMs: number;
  storeMs: number;
}

/** Starts counting the CPU of a target's instances and (the app's) store; the function answers it so far. */
export function cpuMeter(pids: number[], storePids: number[]): () => CpuUsed {
  const [before, storeBefore] = [pids.map(cpuMs), totalCpuMs(storePids)];
  return () => {
    const perInstanceMs = pids.map((pid, i) => cpuMs(pid) - before[i]!);
    const instancesMs = perInstanceMs.reduce((a, b) => a + b, 0);
    return { perInstanceMs, instancesMs, storeMs: totalCpuMs(storePids) - storeBefore };
  };
}
