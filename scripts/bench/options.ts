/**
 * `npm run bench -- [--quick] [--readers 1000,2000,5000,10000] [--hot-readers 1000,2000]
 * [--thread-comments 100000] [--only fanout,throughput,hot,thread] [--out bench-results/bench.json]
 * [--cpu-prof <dir>] [--browser-readers]`
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

export const SCENARIOS = ['fanout', 'throughput', 'hot', 'thread'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface Plan {
  quick: boolean;
  /** The scenarios to run (all by default; `--only` to look at one while working on it). */
  scenarios: Scenario[];
  /** Fan-out rounds, largest first: memory per reader is measured in the first, on fresh processes. */
  readers: number[];
  fanout: { postsPerSecond: number; posts: number; removals: number };
  throughput: {
    readers: number;
    steadyPerSecond: number;
    steadyPosts: number;
    flatOutPosts: number;
    concurrency: number;
  };
  /** Hot threads: per reader count, posts at a steady rate from several posters; the app's readers batched. */
  hot: { readers: number[]; postsPerSecond: number; seconds: number; posters: number };
  thread: { comments: number; small: number; requests: number };
  out: string;
  /** Where the app instances and the baselines write a CPU profile each, when set. */
  cpuProfileDir: string | undefined;
  /**
   * Fan-out readers connect as browsers do (long-polling, then the upgrade), for both targets: what an idle
   * reader costs a server then. Off by default: straight to websocket, as every earlier run measured.
   */
  browserReaders: boolean;
}

const positiveInts = (flag: string, value: string): number[] => {
  const list = value.split(',').map((s) => Number(s.trim()));
  if (!list.length || list.some((n) => !Number.isInteger(n) || n < 2))
    throw new Error(`${flag} takes whole numbers of at least 2, comma-separated`);
  return list;
};

export function parsePlan(argv: string[]): Plan {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      readers: { type: 'string' },
      'hot-readers': { type: 'string' },
      'thread-comments': { type: 'string' },
      out: { type: 'string', default: path.join('bench-results', 'bench.json') },
      'cpu-prof': { type: 'string' },
      only: { type: 'string' },
      'browser-readers': { type: 'boolean', default: false },
    },
  });
  const quick = values.quick;
  const readers = values.readers
    ? positiveInts('--readers', values.readers)
    : quick
      ? [200]
      : [1000, 2000, 5000, 10000];
  const hotReaders = values['hot-readers']
    ? positiveInts('--hot-readers', values['hot-readers'])
    : quick
      ? [200]
      : [1000, 2000];
  const threadComments = values['thread-comments']
    ? positiveInts('--thread-comments', values['thread-comments'])[0]!
    : quick
      ? 5_000
      : 100_000;
  const scenarios = values.only ? values.only.split(',').map((s) => s.trim()) : [...SCENARIOS];
  const unknown = scenarios.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
  if (unknown.length || !scenarios.length) throw new Error(`--only takes some of ${SCENARIOS.join(', ')}`);
  return {
    quick,
    scenarios: scenarios as Scenario[],
    readers: [...new Set(readers)].sort((a, b) => b - a),
    // Fan-out: 5 posts/s for 24 s (quick: 3 s), then removals of some of those comments: enough posts that
    // the p99 is not one unlucky post of fifty.
    fanout: quick ? { postsPerSecond: 5, posts: 15, removals: 3 } : { postsPerSecond: 5, posts: 120, removals: 10 },
    throughput: quick
      ? { readers: 200, steadyPerSecond: 20, steadyPosts: 40, flatOutPosts: 60, concurrency: 16 }
      : { readers: 1000, steadyPerSecond: 20, steadyPosts: 200, flatOutPosts: 300, concurrency: 16 },
    // Hot: 40 posts/s for 15 s (quick: 5 s) from 4 posters, spread over both instances.
    hot: {
      readers: [...new Set(hotReaders)].sort((a, b) => a - b),
      postsPerSecond: 40,
      seconds: quick ? 5 : 15,
      posters: 4,
    },
    thread: { comments: threadComments, small: 10, requests: quick ? 10 : 20 },
    out: values.out,
    cpuProfileDir: values['cpu-prof'] ? path.resolve(values['cpu-prof']) : undefined,
    browserReaders: values['browser-readers'],
  };
}
