/**
 * Issue 8, fault 5: the embedded store is killed with SIGKILL while an instance posts comments through it,
 * and restarted on the same --dbpath (and port). Every comment whose post was acknowledged (201) is there
 * with its event, once; the thread's numbers and counts agree. (The store's own durability through the
 * driver is shown in test/embedded-mongo/wire/durability.test.ts; this goes through the app.)
 */
import {
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

test('every acknowledged post survives two SIGKILLs of the store in the middle of a post stream', async () => {
  const { instance, adminToken } = ctx();
  const url = instance.url;
  const articleId = await newArticle(url, adminToken, 'Store restart');
  const posters = await Promise.all(
    ['crash_a', 'crash_b', 'crash_c', 'crash_d'].map(async (u) => (await registerAt(url, u)).token),
  );
  const stream = requestStream(url, articleId, posters, 0);
  const rounds: Record<string, unknown>[] = [];

  for (let round = 0; round < 2; round++) {
    await sleep(1_500);
    const ackedBefore = stream.posts.filter(acknowledged).length;
    ctx().store.process.kill('SIGKILL');
    await sleep(1_000);
    await ctx().restartStore();
    const readyAfterMs = await until(
      '/readyz 200 after the restart',
      async () => (await timed(`${url}/readyz`)).status === 200,
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    rounds.push({ round, acknowledgedBeforeKill: ackedBefore, readyAfterMs });
  }
  await sleep(1_000);
  await stream.stop();

  // What was acknowledged before any retry is what must be there.
  const acked = stream.posts.filter(acknowledged).map((p) => ({ ...p, answers: [...p.answers] }));
  const ackedCount = acked.length;
  const answers = stream.answers();
  // Posts left without an answer are retried with their clientId (what a client does); never a second comment.
  const unanswered = stream.posts.filter((p) => !acknowledged(p));
  for (const post of unanswered) {
    const retry = await postOnce(
      url,
      posters[Number(post.clientId.slice(1, post.clientId.indexOf('-')))]!,
      articleId,
      post,
    );
    expect([200, 201]).toContain(retry.status);
  }
  const check = await checkThread(url, articleId, stream.posts);
  const ackedFound = await checkThread(url, articleId, acked);
  console.log(
    `store killed twice during posts: ${JSON.stringify(
      {
        rounds,
        posts: stream.posts.length,
        acknowledged: ackedCount,
        foundOfAcknowledged: ackedFound.found,
        lost: ackedFound.lost,
        duplicated: check.duplicated,
        unansweredThenRetried: unanswered.length,
        answers: answers.length,
        unavailable503: answers.filter((a) => a.status === 503).length,
        otherAtLeast500: answers.filter((a) => a.status >= 500 && a.status !== 503).length,
        slowestMs: Math.max(...answers.map((a) => a.ms)),
        counts: check.counts,
      },
      null,
      2,
    )}`,
  );
  expect(ackedCount).toBeGreaterThan(10);
  expect(ackedFound.lost).toBe(0);
  expect(ackedFound.found).toBe(ackedCount);
  expect(check.duplicated).toBe(0);
  expect(check.withoutEvent).toBe(0);
  expect(check.seqGapFree).toBe(true);
  expect(check.counts.lastEvent).toBe(check.counts.visible);
  expect(check.counts.article).toBe(check.counts.visible);
  expect(answers.filter((a) => a.status >= 500 && !(a.status === 503 && a.code === 'unavailable'))).toEqual([]);
}, 120_000);
