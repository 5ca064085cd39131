import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export interface ChildStore {
  port: number;
  uri(dbName: string): string;
  process: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const ROOT = path.resolve(__dirname, '..', '..');

/** Starts `server/embedded-mongo/cli.ts` in its own process and waits for its "listening" line. */
export function startChildStore(args: { dbPath?: string; port?: number } = {}): Promise<ChildStore> {
  const cliArgs = [
    '--import',
    'tsx',
    path.join(ROOT, 'server/embedded-mongo/cli.ts'),
    '--port',
    String(args.port ?? 0),
  ];
  if (args.dbPath) cliArgs.push('--dbpath', args.dbPath);
  // node itself, not the tsx binary: tsx would run the server as a grandchild that a signal (SIGSTOP,
  // SIGKILL) sent to this child never reaches.
  const child = spawn(process.execPath, cliArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (!m) return;
      child.stdout!.off('data', onData);
      const port = Number(m[1]);
      resolve({
        port,
        process: child,
        uri: (db) => `mongodb://127.0.0.1:${port}/${db}`,
        stop: (signal = 'SIGTERM') =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
            child.once('exit', (code) => done(code));
            child.kill(signal);
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`embedded store exited with ${code} before listening: ${stderr}`)));
  });
}
