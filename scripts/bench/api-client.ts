/** The few REST calls the bench makes to an app instance, over loopback with fetch (keep-alive). */

export async function call<T>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown } = {},
): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function login(base: string, username: string, password: string): Promise<string> {
  return (await call<{ token: string }>(base, 'POST', '/api/auth/login', { body: { username, password } })).token;
}

/** A member account for posting (rate limits are off, so one account may post as fast as it likes). */
export async function registerPoster(base: string, username: string): Promise<string> {
  const password = `bench-${Math.random().toString(36).slice(2)}-pw`;
  return (await call<{ token: string }>(base, 'POST', '/api/auth/register', { body: { username, password } })).token;
}

export async function createArticle(base: string, adminToken: string, title: string): Promise<string> {
  const { article } = await call<{ article: { id: string } }>(base, 'POST', '/api/articles', {
    token: adminToken,
    body: { title, body: `${title}: a thread for the benchmark.` },
  });
  return article.id;
}

export async function removeComment(base: string, adminToken: string, commentId: string): Promise<void> {
  await call(base, 'POST', `/api/comments/${commentId}/remove`, { token: adminToken, body: { reason: 'bench' } });
}
