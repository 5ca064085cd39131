/**
 * The bench's own processes (baseline servers, load processes): a TypeScript file of this folder run by
 * node with tsx, an IPC channel with structured clone (typed arrays cross it as they are), and a stop
 * that waits for the exit.
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';

export function forkScript(file: string, env: Record<string, string> = {}): ChildProcess {
  return fork(path.join(__dirname, file), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** SIGTERM (SIGKILL after `graceMs`), resolved once the process is gone. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    child.kill('SIGTERM');
  });
}
