/**
 * Fault injection for the fault tests (FAULT_KILL_AT): a process that reaches the named point kills itself
 * with SIGKILL, as a crash exactly there would, so a test can check that the repair finishes what was
 * interrupted. Unset (always, outside those tests) it does nothing.
 */
export const FAULT_POINTS = ['approve:before-event', 'post:before-tell'] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

/** Called by a use-case at a point where a crash must be survivable. */
export type FaultHook = (point: FaultPoint) => void;

export const noFaults: FaultHook = () => undefined;

export function killAt(target: FaultPoint | undefined): FaultHook {
  if (target === undefined) return noFaults;
  return (point) => {
    if (point === target) process.kill(process.pid, 'SIGKILL');
  };
}
