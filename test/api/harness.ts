/**
 * Shared set-up for the REST API tests: one embedded store (over TCP, in memory) per test file, the app
 * built on it with a known admin, and helpers that make the users and articles the tests act on.
 */
import type { Server } from 'node:http';
import request from 'supertest';
import { createApp, type App, type AppDeps } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createHttpServer } from '../../server/http/http-server';
import { prepareData } from '../../server/startup';
import { openStore, type Store } from '../../server/store';
import { quietLogger } from '../app/support';

export const ADMIN_USERNAME = 'root_admin';
export const ADMIN_PASSWORD = 'admin-password-123';
type TestAgent = ReturnType<typeof request.agent>;

export const PASSWORD = 'correct horse battery';
/** A well-formed ObjectId that names no document. */
export const UNKNOWN_ID = '0123456789abcdef01234567';

export interface PublicUserBody {
  id: string;
  username: string;
  displayName: string;
  role: 'member' | 'moderator' | 'admin';
  banned: boolean;
  createdAt: string;
}

export interface Registered {
  token: string;
  user: PublicUserBody;
  /** A supertest agent that keeps the session cookie. */
  agent: TestAgent;
}

export interface Harness {
  store: Store;
  app: App;
  /** The Express app, for `request(h.http)`. */
  http: App['app'];
  /** Another app on the same store (another instance of the server), e.g. with other settings. */
  secondApp(env?: Record<string, string>, deps?: Partial<AppDeps>): App;
  register(username: string, displayName?: string): Promise<Registered>;
  adminToken(): Promise<string>;
  promote(userId: string, role: 'member' | 'moderator' | 'admin'): Promise<void>;
  /** A new article by the admin; answers its id. */
  newArticle(title?: string): Promise<{ id: string; slug: string }>;
  /** A comment by the holder of `token`; answers its id. */
  comment(token: string, articleId: string, body?: string): Promise<string>;
}

/** The environment every harness app gets; a test file adds or overrides variables. */
export function harnessEnv(env: Record<string, string> = {}): Record<string, string> {
  return { DATA_DIR: ':memory:', ADMIN_USERNAME, ADMIN_PASSWORD, RATE_LIMITS: 'off', ...env };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

let articleCounter = 0;

/**
 * Registers beforeAll/afterAll for one store and app shared by the tests of a file. `env` sets config
 * variables (e.g. RATE_LIMITS, CORS_ORIGINS, TRUST_PROXY); `deps` goes to the file's app (not to `secondApp`).
 */
export function useApiHarness(env: Record<string, string> = {}, deps: Partial<AppDeps> = {}): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    const config = loadConfig(harnessEnv(env));
    const store = await openStore({ dataDir: ':memory:', mongodbUri: undefined }, quietLogger);
    const sessionSecret = 'test-session-secret-of-enough-length';
    const build = (extra: Record<string, string> = {}, deps: Partial<AppDeps> = {}) =>
      createApp({
        config: loadConfig(harnessEnv({ ...env, ...extra })),
        logger: quietLogger,
        db: store.db,
        sessionSecret,
        ...deps,
      });
    const app = build({}, deps);
    await prepareData(app.ctx, config);
    harness = makeHarness(store, app, build);
  }, 60_000);
  afterAll(async () => {
    await harness?.store.close();
  });
  return () => {
    if (!harness) throw new Error('the API harness did not start');
    return harness;
  };
}

function makeHarness(
  store: Store,
  app: App,
  build: (extra?: Record<string, string>, deps?: Partial<AppDeps>) => App,
): Harness {
  const http = app.app;
  let admin: string | undefined;
  const h: Harness = {
    store,
    app,
    http,
    secondApp: (extra, deps) => build(extra, deps),
    async register(username, displayName) {
      const agent = request.agent(http);
      const res = await agent
        .post('/api/auth/register')
        .send({ username, password: PASSWORD, ...(displayName ? { displayName } : {}) });
      if (res.status !== 201) throw new Error(`register ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return { token: res.body.token as string, user: res.body.user as PublicUserBody, agent };
    },
    async adminToken() {
      if (admin) return admin;
      const res = await request(http)
        .post('/api/auth/login')
        .send({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
      if (res.status !== 200) throw new Error(`admin login: ${res.status} ${JSON.stringify(res.body)}`);
      admin = res.body.token as string;
      return admin;
    },
    async promote(userId, role) {
      const res = await request(http)
        .put(`/api/users/${userId}/role`)
        .set(bearer(await h.adminToken()))
        .send({ role });
      if (res.status !== 200) throw new Error(`promote: ${res.status} ${JSON.stringify(res.body)}`);
    },
    async newArticle(title) {
      articleCounter += 1;
      const res = await request(http)
        .post('/api/articles')
        .set(bearer(await h.adminToken()))
        .send({ title: title ?? `Article ${articleCounter} ${Date.now()}`, body: 'Some text to discuss.' });
      if (res.status !== 201) throw new Error(`new article: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: res.body.article.id as string, slug: res.body.article.slug as string };
    },
    async comment(token, articleId, body) {
      const res = await request(http)
        .post(`/api/articles/${articleId}/comments`)
        .set(bearer(token))
        .send({ body: body ?? 'A comment.' });
      if (res.status !== 201) throw new Error(`comment: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.comment.id as string;
    },
  };
  return h;
}

/** Listens on an ephemeral loopback port (for tests that need a real address); close it when done. */
export function listen(app: App): Promise<Server> {
  return new Promise((resolve) => {
    const server = createHttpServer(app.app).listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** The contract's error envelope: this status, this code, and a message for a person. */
export function expectError(res: request.Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(typeof res.body.error.message).toBe('string');
}
