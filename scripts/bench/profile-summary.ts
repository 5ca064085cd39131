/**
 * `node --import tsx scripts/bench/profile-summary.ts <file.cpuprofile> [top]`: where a server's CPU went,
 * by self time: the top functions, and the share of each package and of our own code (server/, shared/).
 * Reads the profiles `npm run bench -- --cpu-prof <dir>` writes.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<package> (or @scope/name), our top folder, node: internals, or the VM's own entries. */
function ownerOf(url: string, name: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/(server|shared|scripts)\//.exec(url);
  if (ours) return `${ours[1]}/`;
  if (url.startsWith('node:')) return 'node internals';
  return url ? url : `(${name || 'vm'})`;
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [top]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = url
      ? `${url.replace(/^.*?(node_modules\/|\/(?=server\/|shared\/|scripts\/))/, '')}:${lineNumber + 1}`
      : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const owner = ownerOf(url, functionName);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1)}%`.padStart(6);
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s of samples\n\nby owner:`);
  for (const [owner, us] of top(byOwner, 15)) console.log(`${pct(us)}  ${owner}`);
  console.log('\nby function (self time):');
  for (const [fn, us] of top(byFunction, Number(topArg ?? 25))) console.log(`${pct(us)}  ${fn}`);
}

main();
