/**
 * Issue 8, fault 3: the store stalls for 3 s (SIGSTOP, then SIGCONT), and later stops for good (SIGKILL),
 * under a stream of posts and reads through one instance. Every request answers within 10 s, done or 503
 * `unavailable`; /readyz names MongoDB meanwhile; the instance serves again by itself once the store is back
 * (restarted on the same data directory and port); no comment is half-written and a retry with the same
 * clientId never doubles one.
 */
import mongoose from 'mongoose';
import { startChildStore } from '../../scripts/lib/child-store';
import { toAppError } from '../../server/lib/error-mapping';
import {
  type Answer,
  acknowledged,
  checkThread,
  newArticle,
  postOnce,
  requestStream,
  timed,
  useStoreAndInstance,
} from './store-support';
import { sleep, until } from '../helpers/wait';
import { registerAt } from '../helpers/accounts';

const ctx = useStoreAndInstance();
const ANSWER_WITHIN_MS = 10_000;

/** /readyz every 250 ms until stopped; answers kept. */
function readinessProbe(url: string) {
  const answers: Answer[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      answers.push(await timed(`${url}/readyz`));
      await sleep(250);
    }
  })();
  return {
    answers,
    async stop() {
      running = false;
      await done;
    },
  };
}

const namesMongo = (a: Answer) =>
  a.status === 503 &&
  a.code === 'unavailable' &&
  ((a.body as { error: { details?: { services?: string[] } } }).error.details?.services ?? []).includes('MongoDB');

/** Answers that are neither done (2xx) nor the contract's 503 `unavailable`. */
const wrongAnswers = (answers: Answer[]) =>
  answers.filter((a) => !(a.status >= 200 && a.status < 300) && !(a.status === 503 && a.code === 'unavailable'));

/** Stops the store for `ms`, then lets it go on; reports the answers that overlapped the stall and readiness meanwhile. */
async function stallStore(
  url: string,
  stream: ReturnType<typeof requestStream>,
  ms: number,
  postWith: string,
  articleId: string,
) {
  const probe = readinessProbe(url);
  const stallStart = Date.now();
  ctx().store.process.kill('SIGSTOP');
  await sleep(ms);
  ctx().store.process.kill('SIGCONT');
  const stallEnd = Date.now();
  // Serves again by itself: a new post is acknowledged without anyone touching the instance.
  const recoveredAfterMs = await until(
    'a post after the stall',
    async () => {
      const a = await postOnce(url, postWith, articleId, { clientId: `after-stall-${Date.now()}`, answers: [] });
      return a.status === 201;
    },
    { timeoutMs: 20_000, intervalMs: 200 },
  );
  await sleep(500);
  await probe.stop();
  const overlapping = stream.answers().filter((a) => a.startedAt < stallEnd && a.startedAt + a.ms > stallStart);
  const readinessDuring = probe.answers.filter((a) => a.startedAt >= stallStart && a.startedAt < stallEnd - 1_000);
  return {
    overlapping,
    readinessDuring,
    summary: {
      stallMs: ms,
      answersOverlappingStall: overlapping.length,
      slowestMs: Math.max(...overlapping.map((a) => a.ms)),
      done2xx: overlapping.filter((a) => a.status < 300).length,
      unavailable503: overlapping.filter((a) => a.status === 503).length,
      readyz503NamingMongo: probe.answers.filter(namesMongo).length,
      recoveredAfterMs,
    },
  };
}

test('stalls of 3 s and 12 s, then the loss of the store: answers within 10 s, 503 or done; recovery by itself; nothing half-written', async () => {
  const { instance, adminToken } = ctx();
  const url = instance.url;
  const articleId = await newArticle(url, adminToken, 'Store stall');
  const posters = await Promise.all(
    ['stall_a', 'stall_b', 'stall_c'].map(async (u) => (await registerAt(url, u)).token),
  );
  const stream = requestStream(url, articleId, posters, 2);
  const report: Record<string, unknown> = {};
  await sleep(1_000);

  // --- the contract's 3 s stall, then one longer than the 10 s an answer may take ---
  for (const ms of [3_000, 12_000]) {
    const stall = await stallStore(url, stream, ms, posters[0]!, articleId);
    report[`stall${ms / 1000}s`] = stall.summary;
    expect(stall.overlapping.length).toBeGreaterThan(0);
    expect(stall.readinessDuring.length).toBeGreaterThan(0);
    expect(stall.readinessDuring.every(namesMongo)).toBe(true);
    expect((await timed(`${url}/readyz`)).status).toBe(200);
  }

  // --- the store stops for good ---
  const killStart = Date.now();
  const killProbe = readinessProbe(url);
  ctx().store.process.kill('SIGKILL');
  await sleep(6_000);
  await stream.stop();
  await killProbe.stop();
  const afterKill = stream.answers().filter((a) => a.startedAt + a.ms >= killStart);
  report.storeGone = {
    answers: afterKill.length,
    slowestMs: Math.max(...afterKill.map((a) => a.ms)),
    unavailable503: afterKill.filter((a) => a.status === 503).length,
    readyz503NamingMongo: killProbe.answers.filter(namesMongo).length,
  };
  expect(
    afterKill.filter((a) => a.startedAt >= killStart + 1_000).some((a) => a.status === 503 && a.code === 'unavailable'),
  ).toBe(true);
  expect(killProbe.answers.filter((a) => a.startedAt >= killStart + 500).every(namesMongo)).toBe(true);

  // Every answer of the whole run: within 10 s, done or 503 unavailable (never 500, never a broken connection).
  const all = stream.answers();
  report.allAnswers = {
    count: all.length,
    slowestMs: Math.max(...all.map((a) => a.ms)),
    unavailable503: all.filter((a) => a.status === 503).length,
    otherAtLeast500: all.filter((a) => a.status >= 500 && a.status !== 503).length,
  };
  expect(wrongAnswers(all)).toEqual([]);
  expect(all.filter((a) => a.ms >= ANSWER_WITHIN_MS)).toEqual([]);

  // --- the store comes back on the same data directory and port; the instance finds it by itself ---
  await ctx().restartStore();
  report.readyAgainAfterMs = await until(
    '/readyz 200 after the restart',
    async () => (await timed(`${url}/readyz`)).status === 200,
    { timeoutMs: 30_000, intervalMs: 200 },
  );

  // A client that did not hear an answer retries with the same clientId; an acknowledged one retried is answered 200 with the same comment.
  const unanswered = stream.posts.filter((p) => !acknowledged(p)).length;
  const ackedDuringRun = stream.posts.filter(acknowledged).length;
  for (const post of stream.posts) {
    const retry = await postOnce(
      url,
      posters[Number(post.clientId.slice(1, post.clientId.indexOf('-')))]!,
      articleId,
      post,
    );
    expect([200, 201]).toContain(retry.status);
  }
  const check = await checkThread(url, articleId, stream.posts);
  report.thread = {
    ...check,
    posts: stream.posts.length,
    acknowledgedDuringRun: ackedDuringRun,
    retriedAfterNoAnswer: unanswered,
  };
  console.log(`store stalls and loss: ${JSON.stringify(report, null, 2)}`);
  expect(check.lost).toBe(0);
  expect(check.duplicated).toBe(0);
  expect(check.withoutEvent).toBe(0);
  expect(check.seqGapFree).toBe(true);
  expect(check.counts.lastEvent).toBe(check.counts.visible);
  expect(check.counts.article).toBe(check.counts.visible);
  expect(check.found).toBe(stream.posts.length);
}, 150_000);

test('when every connection hangs on a stalled store, waiting for one is "unavailable", not "internal"', async () => {
  const store = await startChildStore();
  const db = mongoose.createConnection(store.uri('stall'), {
    maxPoolSize: 1,
    waitQueueTimeoutMS: 300,
    serverSelectionTimeoutMS: 5000,
    bufferCommands: false,
  });
  try {
    await db.asPromise();
    const things = db.collection('things');
    await things.insertOne({ n: 1 });
    store.process.kill('SIGSTOP');
    // The pool's one connection waits on the frozen store; the next operation waits for that connection.
    const holding = things.findOne({ n: 1 }).catch(() => undefined);
    const err = await things.findOne({ n: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as Error | undefined)?.name).toBe('MongoWaitQueueTimeoutError');
    expect(toAppError(err)).toMatchObject({ code: 'unavailable', details: { services: ['MongoDB'] } });
    store.process.kill('SIGCONT');
    await holding;
  } finally {
    store.process.kill('SIGCONT');
    await db.close();
    await store.stop();
  }
});
