/**
 * The flood tests' observer, in a process of its own so that a test's own busy loop (emitting 20,000
 * packets) cannot delay it: samples the server's RSS every 100 ms and asks /healthz (a new connection
 * each time) one request after another, until the parent sends 'stop'; then replies with what it saw.
 * argv: the server's URL and pid.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { sleep } from '../helpers/wait';

const [url, pidArg] = process.argv.slice(2) as [string, string];
const pid = Number(pidArg);

const rssMb = () => {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) / 1024 : NaN;
};

let running = true;
let peakRssMb = rssMb();
let maxHealthMs = 0;
let healthChecks = 0;
let healthFailures = 0;

const sampler = setInterval(() => {
  try {
    peakRssMb = Math.max(peakRssMb, rssMb());
  } catch {
    // The process is gone; the health checks report it.
  }
}, 100);

const health = () =>
  new Promise<boolean>((resolve) => {
    const req = http.get(`${url}/healthz`, { agent: false, timeout: 30_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });

const probing = (async () => {
  while (running) {
    const started = performance.now();
    const ok = await health();
    maxHealthMs = Math.max(maxHealthMs, performance.now() - started);
    healthChecks += 1;
    if (!ok) healthFailures += 1;
    await sleep(20);
  }
})();

process.send?.('ready');
process.on('message', async () => {
  running = false;
  clearInterval(sampler);
  await probing;
  process.send?.({ peakRssMb, maxHealthMs: Math.round(maxHealthMs), healthChecks, healthFailures }, () =>
    process.exit(0),
  );
});
