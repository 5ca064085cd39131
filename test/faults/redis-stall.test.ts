/**
 * Redis stalls (SIGSTOP for about 4 s, then SIGCONT) under one instance with RATE_LIMITS=on. A frozen
 * Redis keeps its connections open, so nothing fails fast: the instance's command timeout has to turn the
 * silence into the per-instance fallback limits. Meanwhile registering, signing in and posting still
 * succeed within seconds and /readyz answers 200 "degraded" naming Redis (the instance still serves, so a
 * load balancer keeps it); once Redis runs again /readyz is back to "ok" by itself and posts go on.
 */
import { PASSWORD } from '../api/harness';
import { useCluster } from '../helpers/cluster';

import { DEGRADED, READY } from './redis-support';
import { type Answer, newArticle, timed } from './store-support';
import { sleep, until } from '../helpers/wait';
import { registerAt } from '../helpers/accounts';

const cluster = useCluster({ instances: 1, env: { RATE_LIMITS: 'on' } });
const STALL_MS = 4_000;
/** Generous: with Redis answering these take milliseconds, and the fallback needs about one command timeout. */
const ANSWER_WITHIN_MS = 5_000;

const ready = (a: Answer) => JSON.stringify({ status: a.status, body: a.body }) === JSON.stringify(READY);

test('with Redis frozen, sign-ups, sign-ins and posts answer in seconds, /readyz is degraded; ok after', async () => {
  const url = cluster().instances[0]!.url;
  const articleId = await newArticle(url, cluster().adminToken, 'Redis stall');
  const poster = (await registerAt(url, 'redis_stall_poster')).token;
  const comment = (body: string) =>
    timed(`${url}/api/articles/${articleId}/comments`, { method: 'POST', token: poster, body: { body } });

  const redis = cluster().redis.process();
  redis.kill('SIGSTOP');
  let during: Record<'readyz' | 'register' | 'login' | 'comment', Answer>;
  try {
    const stalled = sleep(STALL_MS);
    const [readyz, register, login, posted] = await Promise.all([
      timed(`${url}/readyz`),
      timed(`${url}/api/auth/register`, { method: 'POST', body: { username: 'redis_stall_new', password: PASSWORD } }),
      timed(`${url}/api/auth/login`, { method: 'POST', body: { username: 'redis_stall_poster', password: PASSWORD } }),
      comment('Posted while Redis is frozen.'),
    ]);
    during = { readyz, register, login, comment: posted };
    await stalled;
  } finally {
    redis.kill('SIGCONT');
  }

  const readyAgain = async () => ready(await timed(`${url}/readyz`));
  const readyAfterMs = await until('/readyz ok after Redis runs again', readyAgain, {
    timeoutMs: 15_000,
    intervalMs: 200,
  });
  const after = await comment('Posted once Redis runs again.');
  console.log(
    `redis stall of ${STALL_MS / 1000} s: ${JSON.stringify({
      ...Object.fromEntries(Object.entries(during).map(([what, a]) => [what, { status: a.status, ms: a.ms }])),
      readyAfterStallMs: readyAfterMs,
      postAfter: { status: after.status, ms: after.ms },
    })}`,
  );

  expect({ status: during.readyz.status, body: during.readyz.body }).toEqual(DEGRADED);
  expect([during.register.status, during.login.status, during.comment.status]).toEqual([201, 200, 201]);
  for (const answer of Object.values(during)) expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
  expect(after.status).toBe(201);
}, 60_000);
