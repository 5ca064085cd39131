/** The error middleware: the one place that turns errors into the envelope. Errors here are real ones. */
import express from 'express';
import { MongoClient } from 'mongodb';
import mongoose, { type Connection } from 'mongoose';
import pino from 'pino';
import request from 'supertest';
import { AppError, ERROR_STATUS, errors } from '../../shared/errors';
import { errorMiddleware } from '../../server/http/error-middleware';
import { isStoreUnreachable, toAppError } from '../../server/lib/error-mapping';
import { quietLogger, unreachableDb } from './support';

let db: Connection;
beforeAll(async () => {
  db = await unreachableDb();
});
afterAll(() => db.close());

/** An app whose only route fails with `err`, with the error middleware behind it. */
function failingWith(err: unknown, logger = quietLogger) {
  const app = express();
  app.get('/fail', () => {
    throw err;
  });
  app.use(errorMiddleware(logger));
  return app;
}

describe('AppError', () => {
  it('carries the contract status of its code and renders the envelope', () => {
    const err = errors.validationFailed({ body: 'must not be empty' });
    expect(err.status).toBe(400);
    expect(err.toEnvelope()).toEqual({
      error: {
        code: 'validation_failed',
        message: 'Some fields are not valid.',
        details: { fields: { body: 'must not be empty' } },
      },
    });
    expect(errors.notFound().toEnvelope()).toEqual({ error: { code: 'not_found', message: 'Not found.' } });
    expect(ERROR_STATUS).toMatchObject({
      unauthenticated: 401,
      forbidden: 403,
      conflict: 409,
      rate_limited: 429,
      unavailable: 503,
      internal: 500,
    });
  });
});

describe('errorMiddleware', () => {
  it('answers an AppError with its status and envelope', async () => {
    const res = await request(failingWith(errors.conflict('That username is taken.', { field: 'username' })))
      .get('/fail')
      .expect(409);
    expect(res.body).toEqual({
      error: { code: 'conflict', message: 'That username is taken.', details: { field: 'username' } },
    });
  });

  it('sends Retry-After with a rate limit, matching details.retryAfter', async () => {
    const res = await request(failingWith(errors.rateLimited(12)))
      .get('/fail')
      .expect(429);
    expect(res.headers['retry-after']).toBe('12');
    expect(res.body.error.details).toEqual({ retryAfter: 12 });
  });

  it('answers a malformed path parameter with 400 bad_request', async () => {
    const app = express();
    app.get('/things/:id', (_req, res) => {
      res.json({});
    });
    app.use(errorMiddleware(quietLogger));
    const res = await request(app).get('/things/%E0%A4%A').expect(400);
    expect(res.body).toEqual({ error: { code: 'bad_request', message: 'The request is not valid.' } });
  });

  it('answers an unexpected error with 500 internal, logs it, and never leaks it', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
    const res = await request(failingWith(new Error('db.users.find({ password: "hunter2" }) exploded'), logger))
      .get('/fail')
      .expect(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'Something went wrong on our side.' } });
    expect(res.text).not.toMatch(/hunter2|exploded|at /);
    expect(lines.join('')).toContain('exploded');
  });

  it('answers a store that cannot be reached with 503 unavailable naming MongoDB', async () => {
    const Thing = db.model('Thing', new mongoose.Schema({ name: String }));
    const storeError = await Thing.findOne().then(
      () => undefined,
      (err: unknown) => err,
    );
    const res = await request(failingWith(storeError)).get('/fail').expect(503);
    expect(res.body.error).toMatchObject({ code: 'unavailable', message: expect.stringContaining('MongoDB') });
  });
});

describe('toAppError', () => {
  it('recognises the driver failing to select a server as the store being unreachable', async () => {
    const client = new MongoClient('mongodb://127.0.0.1:1', { serverSelectionTimeoutMS: 100 });
    const err = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    await client.close();
    expect(isStoreUnreachable(err)).toBe(true);
    expect(toAppError(err).code).toBe('unavailable');
    expect(isStoreUnreachable(new Error('wrapped', { cause: err }))).toBe(true);
  });

  it("recognises a connection that broke under a command (Node's own socket error, passed on by the driver)", () => {
    const epipe = Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' });
    expect(toAppError(epipe)).toMatchObject({ code: 'unavailable', details: { services: ['MongoDB'] } });
    expect(toAppError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })).code).toBe('unavailable');
  });

  it('treats other errors, including MongoDB refusing a command, as internal', () => {
    expect(
      toAppError(Object.assign(new Error('E11000 duplicate key'), { name: 'MongoServerError', code: 11000 })).code,
    ).toBe('internal');
    expect(toAppError('a string').code).toBe('internal');
    expect(toAppError(null).code).toBe('internal');
  });

  it('keeps an AppError as it is', () => {
    const err = new AppError('forbidden', 'Thread locked.', { locked: true });
    expect(toAppError(err)).toBe(err);
  });
});
