// Accounts on a server reached by URL (a server process, a cluster instance, a site behind a browser): one
// way to register and sign in for every suite that does not use the in-process harness of test/api.
import request from 'supertest';
import { PASSWORD } from '../api/harness';

export interface Account {
  id: string;
  token: string;
}

/** Registers `username` with the tests' password (and `displayName`, if given); fails on any other answer. */
export async function registerAt(url: string, username: string, displayName?: string): Promise<Account> {
  const res = await request(url)
    .post('/api/auth/register')
    .send({ username, password: PASSWORD, ...(displayName === undefined ? {} : { displayName }) });
  if (res.status !== 201) throw new Error(`register ${username} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id as string, token: res.body.token as string };
}

/** Signs `username` in and answers the session token; fails on any answer but 200. */
export async function loginAt(url: string, username: string, password = PASSWORD): Promise<string> {
  const res = await request(url).post('/api/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login of ${username} answered ${res.status}`);
  return res.body.token as string;
}
