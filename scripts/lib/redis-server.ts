/**
 * A private `redis-server` on a free loopback port, for multi-instance tests, fault tests and benchmarks:
 * they must not share (or flush) the machine's Redis. It keeps nothing on disk. `restart` stops it and
 * starts a new one on the same port, which is what a Redis restart looks like to its clients.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import { freePort } from './free-port';

export interface RedisServer {
  url: string;
  port: number;
  process(): ChildProcess;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
  /** Stops it, waits `downMs`, starts it again on the same port and waits until it answers PING. */
  restart(downMs?: number): Promise<void>;
}

/** Starts `redis-server` (a missing binary fails the caller, it never skips) and waits for PING. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child = await launch(port, url);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  };
  return {
    url,
    port,
    process: () => child,
    stop,
    async restart(downMs = 0) {
      await stop();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      child = await launch(port, url);
    },
  };
}

async function launch(port: number, url: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`cannot start redis-server: ${err.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  failed.catch(() => undefined); // only raced below; a later exit (a stop) is not an error
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  const ping = async () => {
    for (let i = 0; i < 100; i++) {
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        probe.disconnect();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('redis-server did not answer PING');
  };
  try {
    await Promise.race([ping(), failed]);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  } finally {
    probe.disconnect();
  }
  return child;
}
