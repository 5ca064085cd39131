import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { errors } from '../../shared/errors';
import { errorMiddleware } from '../../server/http/error-middleware';
import { isLoopbackAddress } from '../../server/http/loopback-caller';
import { createMetrics } from '../../server/metrics';
import { listen } from '../api/harness';
import { appWith, quietLogger, unreachableDb } from './support';

let db: Connection;
beforeAll(async () => {
  db = await unreachableDb();
});
afterAll(() => db.close());

/** One series of the text format, e.g. `http_requests_total{method="GET",route="/healthz",status="200"} 2`. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

describe('GET /metrics', () => {
  it('serves Prometheus text to a loopback caller, counting requests by route pattern, never raw path', async () => {
    const { app } = appWith(db);
    await request(app).get('/healthz').expect(200);
    await request(app).get('/healthz').expect(200);
    await request(app).get('/api/no-such-resource/some-secret-slug').expect(404);
    // A matched route is labelled by its pattern (the store is down here, hence 503).
    await request(app).get('/api/articles/another-secret-slug').expect(503);

    const res = await request(app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(sample(res.text, 'http_requests_total', 'method="GET",route="/healthz",status="200"')).toBe(2);
    expect(sample(res.text, 'http_requests_total', 'method="GET",route="unmatched",status="404"')).toBe(1);
    expect(sample(res.text, 'http_request_duration_seconds_count', 'method="GET",route="/healthz",status="200"')).toBe(
      2,
    );
    expect(res.text).toMatch(/^process_cpu_user_seconds_total /m); // the default metrics
    expect(sample(res.text, 'http_requests_total', 'method="GET",route="/api/articles/:idOrSlug",status="503"')).toBe(
      1,
    );
    expect(res.text).not.toContain('some-secret-slug');
    expect(res.text).not.toContain('another-secret-slug');
  });

  it('keeps separate counts for two apps in one process', async () => {
    const first = appWith(db).app;
    const second = appWith(db).app;
    await request(first).get('/healthz').expect(200);
    const res = await request(second).get('/metrics').expect(200);
    expect(sample(res.text, 'http_requests_total', 'method="GET",route="/healthz",status="200"')).toBeUndefined();
  });

  // TRUST_PROXY=1 makes the app take the client's address from X-Forwarded-For, as behind a real proxy:
  // that is how a caller on another host looks to it.
  const remote = { 'X-Forwarded-For': '203.0.113.7' };

  it('refuses a remote caller without the token with 403 in the envelope', async () => {
    const { app } = appWith(db, { TRUST_PROXY: '1', METRICS_TOKEN: 'let-me-scrape' });
    const res = await request(app).get('/metrics').set(remote).expect(403);
    expect(res.body.error.code).toBe('forbidden');
    await request(app).get('/metrics').set(remote).set('Authorization', 'Bearer wrong-token').expect(403);
  });

  it('serves a remote caller that presents METRICS_TOKEN', async () => {
    const { app } = appWith(db, { TRUST_PROXY: '1', METRICS_TOKEN: 'let-me-scrape' });
    const res = await request(app).get('/metrics').set(remote).set('Authorization', 'Bearer let-me-scrape').expect(200);
    expect(res.text).toContain('http_requests_total');
  });

  it('refuses a remote caller when no token is configured, whatever it sends', async () => {
    const { app } = appWith(db, { TRUST_PROXY: '1' });
    await request(app).get('/metrics').set(remote).set('Authorization', 'Bearer ').expect(403);
  });
});

// Behind a reverse proxy on the same host every request arrives from loopback (supertest's too): what tells
// a proxied request apart is the forwarding headers the proxy adds.
describe('GET /metrics behind a proxy (contract v2: a proxied request is never loopback)', () => {
  const tokenHeader = { Authorization: 'Bearer let-me-scrape' };

  it('with TRUST_PROXY=0 (the default), refuses any request that carries X-Forwarded-For or Forwarded', async () => {
    const { app } = appWith(db, { METRICS_TOKEN: 'let-me-scrape' });
    await request(app).get('/metrics').expect(200);
    for (const headers of [
      { 'X-Forwarded-For': '203.0.113.7' },
      { 'X-Forwarded-For': '127.0.0.1' },
      { Forwarded: 'for=127.0.0.1' },
      { Forwarded: 'for="[::1]:4711";proto=http' },
      { 'X-Forwarded-For': '' },
    ]) {
      const res = await request(app).get('/metrics').set(headers).expect(403);
      expect(res.body.error.code).toBe('forbidden');
      await request(app).get('/metrics').set(headers).set(tokenHeader).expect(200);
    }
  });

  it('with TRUST_PROXY=0, refuses a request relayed by a real proxy on this host, even from a local one', async () => {
    const server = await listen(appWith(db));
    const proxy = await startForwardingProxy((server.address() as AddressInfo).port);
    try {
      const res = await fetch(`${proxy.url}/metrics`);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    } finally {
      proxy.server.close();
      server.close();
    }
  });

  it('with TRUST_PROXY=1, serves a loopback client named by the trusted proxy, and no one else', async () => {
    const { app } = appWith(db, { TRUST_PROXY: '1' });
    await request(app).get('/metrics').expect(200);
    await request(app).get('/metrics').set('X-Forwarded-For', '127.0.0.1').expect(200);
    await request(app).get('/metrics').set('Forwarded', 'for="[::1]:4711"').expect(200);
    await request(app).get('/metrics').set({ 'X-Forwarded-For': '127.0.0.1', Forwarded: 'for=127.0.0.1' }).expect(200);
    // A remote client, by either header, or an obfuscated one.
    await request(app).get('/metrics').set('X-Forwarded-For', '203.0.113.7').expect(403);
    await request(app).get('/metrics').set('Forwarded', 'for=203.0.113.7;proto=https').expect(403);
    await request(app).get('/metrics').set('Forwarded', 'for=_hidden').expect(403);
    // Entries beyond the one trusted hop: a client that wrote its own header before the proxy added its hop.
    await request(app).get('/metrics').set('X-Forwarded-For', '127.0.0.1, 127.0.0.1').expect(403);
    await request(app).get('/metrics').set('Forwarded', 'for=127.0.0.1, for=127.0.0.1').expect(403);
    const mixed = { 'X-Forwarded-For': '127.0.0.1', Forwarded: 'for=203.0.113.7' };
    await request(app).get('/metrics').set(mixed).expect(403);
  });
});

/** A minimal reverse proxy, as nginx is set up by default: it adds the client's address to X-Forwarded-For. */
async function startForwardingProxy(targetPort: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const headers = { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' };
    const target = { host: '127.0.0.1', port: targetPort, path: req.url, method: req.method, headers };
    const upstream = httpRequest(target, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])('accepts %s', (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
  });
  it.each(['10.0.0.1', '203.0.113.7', '::ffff:10.0.0.1', '2001:db8::1', '128.0.0.1', '', undefined])(
    'refuses %s',
    (address) => {
      expect(isLoopbackAddress(address)).toBe(false);
    },
  );
});

describe('route pattern labels', () => {
  it('labels by mount path + pattern even when the route fails and the error leaves its router', async () => {
    const metrics = createMetrics();
    const things = express.Router();
    things.get('/:id', () => {
      throw errors.notFound('No such thing.');
    });
    things.get('/:id/ok', (_req, res) => {
      res.json({});
    });
    const app = express();
    app.use(metrics.observeHttp);
    app.use('/api/things', things);
    app.use(errorMiddleware(quietLogger));

    await request(app).get('/api/things/42').expect(404);
    await request(app).get('/api/things/43/ok').expect(200);
    const text = await metrics.registry.metrics();
    expect(sample(text, 'http_requests_total', 'method="GET",route="/api/things/:id",status="404"')).toBe(1);
    expect(sample(text, 'http_requests_total', 'method="GET",route="/api/things/:id/ok",status="200"')).toBe(1);
    expect(text).not.toMatch(/things\/4[23]/);
  });
});
