/**
 * Runs deploy/nginx.conf itself under nginx as a child process, in a temporary prefix, on free ports:
 * only the addresses (listen, the two upstream servers) and the paths nginx writes to are put in, so a
 * test exercises the configuration the docs hand to operators. No root needed; a missing nginx fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sleep } from '../helpers/wait';

export const NGINX_CONF = resolve(__dirname, '../../deploy/nginx.conf');

export interface Nginx {
  /** http://127.0.0.1:port */
  url: string;
  /** https://127.0.0.1:tlsPort, with a self-signed certificate. */
  httpsUrl: string;
  /** nginx's error log, and its access log (what a failing test shows). */
  output(): string;
  stop(): Promise<void>;
}

/** NGINX, else Debian's /usr/sbin/nginx (not on a non-root PATH), else whatever PATH finds. */
function nginxBinary(): string {
  const candidates = [process.env.NGINX, '/usr/sbin/nginx', '/usr/local/sbin/nginx'].filter((c): c is string => !!c);
  const found = candidates.find((c) => existsSync(c));
  if (found) return found;
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  throw new Error('nginx is not installed (.ci/run installs it): the deployment tests need it');
}

/** Replaces `from` (which must occur exactly once, so a changed deploy/nginx.conf fails loudly) with `to`. */
function replaceOnce(text: string, from: string, to: string): string {
  const parts = text.split(from);
  if (parts.length !== 2) throw new Error(`deploy/nginx.conf: expected "${from}" exactly once`);
  return parts.join(to);
}

/** deploy/nginx.conf with the test's addresses, TLS beside plain HTTP, and every path inside `dir`. */
export function renderConf(dir: string, ports: { http: number; https: number }, upstreams: string[]): string {
  let conf = readFileSync(NGINX_CONF, 'utf8');
  conf = replaceOnce(
    conf,
    'listen 8080;',
    `listen 127.0.0.1:${ports.http};\n    listen 127.0.0.1:${ports.https} ssl;\n` +
      `    ssl_certificate ${dir}/cert.pem;\n    ssl_certificate_key ${dir}/key.pem;`,
  );
  upstreams.forEach((url, i) => (conf = replaceOnce(conf, `server app${i + 1}:3000`, `server ${new URL(url).host}`)));
  // The compiled-in temporary paths are under /var/lib/nginx: keep them in the prefix.
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`);
  return replaceOnce(conf, '  access_log /dev/stdout;', [`  access_log ${dir}/access.log;`, ...temps].join('\n'));
}

function selfSignedCertificate(dir: string): void {
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1'];
  const files = ['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')];
  const result = spawnSync('openssl', [...args, ...files], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`openssl could not make a certificate: ${result.error?.message ?? result.stderr}`);
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    const end = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket
      .once('connect', () => end(true))
      .once('error', () => end(false))
      .setTimeout(1000, () => end(false));
  });
}

export async function startNginx(ports: { http: number; https: number }, upstreams: string[]): Promise<Nginx> {
  const binary = nginxBinary();
  const dir = mkdtempSync(join(tmpdir(), 'nginx-'));
  // Run as root, nginx's workers drop to an unprivileged user, which must reach the prefix.
  chmodSync(dir, 0o755);
  selfSignedCertificate(dir);
  writeFileSync(join(dir, 'nginx.conf'), renderConf(dir, ports, upstreams));
  const globals = `daemon off; pid ${dir}/nginx.pid; error_log stderr;`;
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', globals];
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM'); // fast shutdown: open sockets do not hold it up
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    if ((await accepts(ports.http)) && (await accepts(ports.https))) {
      const url = `http://127.0.0.1:${ports.http}`;
      const httpsUrl = `https://127.0.0.1:${ports.https}`;
      return { url, httpsUrl, output: () => `${output}\n${readFileSync(join(dir, 'access.log'), 'utf8')}`, stop };
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`nginx did not start: ${output}`);
}
