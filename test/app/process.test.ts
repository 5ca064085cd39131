/**
 * The real process, as `npm start` runs it (from source through tsx here): start-up failures, and a graceful
 * shutdown that finishes a request in flight, refuses new connections and exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { resolve } from 'node:path';
import { sleep, until } from '../helpers/wait';

const repoRoot = resolve(__dirname, '../..');

interface Started {
  child: ChildProcess;
  /** Everything the process wrote to stdout so far. */
  stdout(): string;
  stderr(): string;
  exit: Promise<number | null>;
}

function startServer(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: repoRoot,
    // Only what the test chooses: an inherited MONGODB_URI or PORT must not leak in.
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** Resolves with the first match of `pattern` in stdout; rejects if the process exits first. */
async function waitForOutput(server: Started, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
  let match: RegExpExecArray | null = null;
  const printed = () => {
    if (server.child.exitCode !== null)
      throw new Error(`exited with ${server.child.exitCode}: ${server.stderr()}${server.stdout()}`);
    return (match = pattern.exec(server.stdout())) !== null;
  };
  await until(`${pattern} on stdout`, printed, { timeoutMs }).catch((err: Error) => {
    throw new Error(`${err.message}; stdout: ${server.stdout()}`);
  });
  return match!;
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolvePromise, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolvePromise(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until it closes the connection. */
async function readAll(socket: net.Socket): Promise<string> {
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString()));
  await once(socket, 'close');
  return text;
}

const running: Started[] = [];
afterEach(() => {
  for (const s of running.splice(0)) if (s.child.exitCode === null) s.child.kill('SIGKILL');
});

describe('the server process', () => {
  it('exits 1 on a bad variable, naming it', async () => {
    const server = startServer({ PORT: 'eighty' });
    running.push(server);
    expect(await server.exit).toBe(1);
    expect(server.stderr()).toMatch(/PORT/);
  });

  it('exits 1 when MONGODB_URI names a MongoDB that does not answer', async () => {
    const server = startServer({ MONGODB_URI: 'mongodb://127.0.0.1:1/discussion', PORT: '0' });
    running.push(server);
    expect(await server.exit).toBe(1);
    expect(server.stdout()).toMatch(/cannot open the store/);
  });

  it('serves on the port it logs, then on SIGTERM finishes the request in flight, refuses new ones and exits 0', async () => {
    const server = startServer({ PORT: '0', DATA_DIR: ':memory:' });
    running.push(server);
    const port = Number((await waitForOutput(server, /"port":(\d+)/))[1]);
    expect(server.stdout()).toContain(`listening on http://localhost:${port}`);

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    // A request in flight: its headers are in, half of its body is still on the way.
    const body = '{"half":"done"}';
    const inFlight = await connect(port);
    const answer = readAll(inFlight);
    inFlight.write(
      `POST /api/anything HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    inFlight.write(body.slice(0, 8));
    await sleep(200);

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await waitForOutput(server, /shutting down/);
    await expect(connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    inFlight.write(body.slice(8));
    const text = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 404/);
    expect(text).toContain('"code":"not_found"');

    expect(await server.exit).toBe(0);
    // Promptly: an idle keep-alive connection must not hold the shutdown open until it times out (5 s).
    expect(Date.now() - signalledAt).toBeLessThan(4000);
  });
});
