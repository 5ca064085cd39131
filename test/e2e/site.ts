/**
 * The server for the browser tests: the embedded store as its own process and the server as another
 * (so a test can SIGKILL it and start it again on the same port and store), plus API shortcuts to set
 * the scene (users, articles, comments) without clicking through it.
 */
import request from 'supertest';
import { startChildStore, type ChildStore } from '../../scripts/lib/child-store';
import { spawnServer, stopServer, type ServerProcess } from '../../scripts/lib/server-process';
import type { PublicArticle, PublicComment } from '../../shared/types';
import { ADMIN_PASSWORD, ADMIN_USERNAME, bearer } from '../api/harness';
import { loginAt } from '../helpers/accounts';

export interface Site {
  store: ChildStore;
  server: ServerProcess;
  url: string;
  port: number;
  adminToken: string;
}

// LOG_LEVEL stays at info: spawnServer waits for the "listening on" line.
export const serverEnv = { ADMIN_USERNAME, ADMIN_PASSWORD };

export async function startSite(): Promise<Site> {
  const store = await startChildStore();
  try {
    const server = await spawnServer(store.uri('discussion'), 60_000, serverEnv);
    const url = server.url;
    const adminToken = await loginAt(url, ADMIN_USERNAME, ADMIN_PASSWORD);
    return { store, server, url, port: Number(new URL(url).port), adminToken };
  } catch (err) {
    await store.stop();
    throw err;
  }
}

export async function stopSite(site: Site | undefined): Promise<void> {
  if (!site) return;
  await stopServer(site.server);
  await site.store.stop();
}

export async function createArticle(site: Site, title: string): Promise<PublicArticle> {
  const res = await request(site.url)
    .post('/api/articles')
    .set(bearer(site.adminToken))
    .send({ title, body: `The article *${title}*.`, summary: 'A test article.' });
  if (res.status !== 201) throw new Error(`create article answered ${res.status}`);
  return res.body.article as PublicArticle;
}

export async function postComment(
  url: string,
  token: string,
  articleId: string,
  body: string,
  extra: { parentId?: string; quoteId?: string } = {},
): Promise<PublicComment> {
  const res = await request(url)
    .post(`/api/articles/${articleId}/comments`)
    .set(bearer(token))
    .send({ body, ...extra });
  if (res.status !== 201) throw new Error(`post answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.comment as PublicComment;
}

export async function listComments(url: string, articleId: string): Promise<PublicComment[]> {
  const res = await request(url).get(`/api/articles/${articleId}/comments?limit=100`);
  return res.body.items as PublicComment[];
}
