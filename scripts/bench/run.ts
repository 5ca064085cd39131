/**
 * `npm run bench`: the app against bare Socket.IO (with the Redis adapter, two instances each) in one
 * run, under the same load from separate processes. Starts everything it needs (stack.ts), runs the
 * scenarios of issue 7, writes every figure as JSON and prints the table. Exit 1 when a reader missed a
 * delivery or dropped: a fast number with losses is no result. Everything it started is stopped on the
 * way out, also on errors and Ctrl-C.
 */
import { createArticle, login, registerPoster } from './api-client';
import type { BenchContext } from './context';
import { parsePlan } from './options';
import { createProgress } from './progress';
import { buildReport, markdownTable, writeReport, type Results } from './report';
import { fanoutRound } from './scenarios/fanout';
import { hotRound } from './scenarios/hot';
import { largeThread } from './scenarios/large-thread';
import { throughput } from './scenarios/throughput';
import { startStack } from './stack';
import { Stoppers } from './stoppers';
import { openStoreOps } from './store-ops';

const TARGETS = ['app', 'baseline'] as const;

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const plan = parsePlan(argv);
  const progress = createProgress();
  const stoppers = new Stoppers();
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    progress.log(`${signal}: stopping everything the bench started`);
    void stoppers.run().then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    progress.update('starting', 'redis-server, store, 2 app instances, 2 baselines, 2 load processes');
    const stack = await startStack(plan.cpuProfileDir, stoppers, (line) => progress.log(line));
    const app = stack.app[0]!.url;
    const adminToken = await login(app, stack.admin.username, stack.admin.password);
    let articles = 0;
    const ctx: BenchContext = {
      plan,
      stack,
      progress,
      stoppers,
      adminToken,
      posterToken: await registerPoster(app, 'bench_poster'),
      storeOps: await openStoreOps(stack.storeUri, stoppers),
      newArticle: async (target, title) =>
        target === 'app' ? createArticle(app, adminToken, title) : `baseline-${(articles += 1)}`,
    };

    const results: Results = { fanout: [], throughput: [], hot: [] };
    // Largest first: the first round finds fresh processes, where RSS growth is all new readers.
    const fanoutReaders = plan.scenarios.includes('fanout') ? plan.readers : [];
    for (const [i, readers] of fanoutReaders.entries()) {
      // Alternating which goes first, so neither always meets the machine in the same state.
      for (const target of i % 2 === 0 ? TARGETS : [...TARGETS].reverse()) {
        const round = await fanoutRound(ctx, target, readers, i === 0);
        results.fanout.push(round);
        progress.log(
          `fan-out ${target}, ${readers} readers: first reader p50 ${round.firstReader.p50} ms, all readers p50 ${round.latency.p50} ms, p99 ${round.latency.p99} ms, missing ${round.missing}${round.removal ? `; removal to last reader p99 ${round.removal.toLastReader.p99} ms` : ''}`,
        );
      }
    }
    for (const target of plan.scenarios.includes('throughput') ? TARGETS : []) {
      const t = await throughput(ctx, target);
      results.throughput.push(t);
      const [ops, flatOps] = [t.steady.dbOpsPerPost, t.flatOut.dbOpsPerPost];
      const opsLine =
        target === 'app'
          ? `; per post the store saw ${ops.insert} inserts, ${ops.query} queries, ${ops.update} updates, ${ops.command} other commands (flat out ${flatOps.insert}, ${flatOps.query}, ${flatOps.update}, ${flatOps.command}); server-side ack mean ${t.steady.app?.serverAckMeanMs} ms; emits per instance ${t.steady.app?.broadcastsPerInstance.join('/')}`
          : '';
      progress.log(
        `throughput ${target}: ack p99 at ${t.steady.postsPerSecond}/s ${t.steady.ack.p99} ms; flat out ${t.flatOut.postsPerSecond} posts/s, ack p99 ${t.flatOut.ack.p99} ms; CPU per post steady ${t.steady.cpu.instancesPerPostUs} + ${t.steady.cpu.storePerPostUs} µs, flat out ${t.flatOut.cpu.instancesPerPostUs} + ${t.flatOut.cpu.storePerPostUs} µs (instances + store)${opsLine}`,
      );
    }
    for (const [i, readers] of (plan.scenarios.includes('hot') ? plan.hot.readers : []).entries()) {
      for (const target of i % 2 === 0 ? TARGETS : [...TARGETS].reverse()) {
        const h = await hotRound(ctx, target, readers);
        results.hot.push(h);
        progress.log(
          `hot ${target}, ${readers} readers${h.batched ? ' (batched)' : ''}: delivery p50 ${h.latency.p50} ms, p99 ${h.latency.p99} ms, missing ${h.missing}; ${h.posts.acknowledged}/${h.posts.sent} posts acknowledged at ${h.postsPerSecondAchieved}/s${Object.keys(h.posts.failed).length ? ` (failed: ${JSON.stringify(h.posts.failed)})` : ''}; CPU ${h.cpu.instancesMs} ms instances + ${h.cpu.storeMs} ms store, ${h.cpu.perDeliveredEventUs} µs per delivered event`,
        );
      }
    }
    if (plan.scenarios.includes('thread')) results.largeThread = await largeThread(ctx);
    progress.done();

    const report = buildReport(plan, results, ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '));
    writeReport(report, plan.out);
    console.log(`\n${markdownTable(report)}\n`);
    console.log(`every figure: ${plan.out}`);
    if (report.missingDeliveries > 0 || report.disconnectedReaders > 0) {
      console.log(
        `FAILED: ${report.missingDeliveries} deliveries never reached their reader, ${report.disconnectedReaders} readers dropped`,
      );
      return 1;
    }
    return 0;
  } finally {
    progress.done();
    progress.update('stopping', 'everything the bench started');
    await stoppers.run();
    progress.done();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`\nbench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
