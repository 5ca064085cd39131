/** The app's HTTP surface with MongoDB down: everything here must work without a store. */
import type { Connection } from 'mongoose';
import request from 'supertest';
import { appWith, unreachableDb } from './support';

let db: Connection;
beforeAll(async () => {
  db = await unreachableDb();
});
afterAll(() => db.close());

describe('liveness and readiness', () => {
  it('GET /healthz answers while the process runs, even with MongoDB down', async () => {
    const res = await request(appWith(db).app).get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 503 naming MongoDB when it does not answer', async () => {
    const res = await request(appWith(db).app).get('/readyz').expect(503);
    expect(res.body.error).toMatchObject({ code: 'unavailable', message: expect.stringContaining('MongoDB') });
  });

  it('GET /readyz also names any other failing service, and gives up on a hanging one', async () => {
    // The check never settles, so any answer at all shows /readyz gave up on it (after READINESS_TIMEOUT_MS);
    // the request's timeout only bounds the wait, it does not time the server.
    const hanging = { name: 'Redis', check: () => new Promise<void>(() => undefined) };
    const res = await request(appWith(db, {}, { readinessChecks: [hanging] }).app)
      .get('/readyz')
      .timeout(10_000)
      .expect(503);
    expect(res.body.error.message).toMatch(/MongoDB/);
    expect(res.body.error.message).toMatch(/Redis/);
    expect(res.body.error.details).toEqual({ services: ['MongoDB', 'Redis'] });
  });
});

describe('unknown routes and bodies', () => {
  it('answers an unknown /api route with 404 in the error envelope', async () => {
    const res = await request(appWith(db).app).get('/api/no-such-thing?secret=1').expect(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'There is no GET /api/no-such-thing.' } });
  });

  it('answers other unknown paths in the envelope too', async () => {
    const res = await request(appWith(db).app).delete('/nowhere').expect(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('refuses a body that is not JSON with 400 bad_request', async () => {
    const res = await request(appWith(db).app)
      .post('/api/anything')
      .set('Content-Type', 'application/json')
      .send('{"broken":')
      .expect(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.message).not.toMatch(/broken|position|token/i);
  });

  it('refuses a JSON body that is not an object with 400 bad_request', async () => {
    for (const body of ['[1,2]', '"text"', '42']) {
      const res = await request(appWith(db).app)
        .post('/api/anything')
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(400);
      expect(res.body.error.code).toBe('bad_request');
    }
  });

  it('refuses a body with another Content-Type with 400 bad_request, unparsed', async () => {
    const res = await request(appWith(db).app)
      .post('/api/anything')
      .set('Content-Type', 'text/plain')
      .send('hello')
      .expect(400);
    expect(res.body.error.code).toBe('bad_request');
  });

  it('refuses a body over 64 KiB with 413 payload_too_large', async () => {
    const body = JSON.stringify({ text: 'x'.repeat(64 * 1024) });
    const res = await request(appWith(db).app)
      .post('/api/anything')
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('lets a JSON body of up to 64 KiB through to routing', async () => {
    const body = JSON.stringify({ text: 'x'.repeat(60 * 1024) });
    const res = await request(appWith(db).app)
      .post('/api/anything')
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
