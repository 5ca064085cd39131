/**
 * Preloaded (NODE_OPTIONS=--require) into every server the bench measures, app and baseline alike:
 * - SIGUSR2 runs a full garbage collection, so that RSS is read with the garbage of the joins gone rather
 *   than wherever V8's heuristics left it (the same for both targets); with BENCH_MEMORY_DIR it then writes
 *   process.memoryUsage() to <dir>/<pid>.json, the heap beside the RSS (heap figures move less than RSS),
 *   and with BENCH_HEAP_SNAPSHOT=1 first a heap snapshot to <dir>/<pid>.heapsnapshot (heap-per-socket.ts);
 * - with BENCH_CPU_PROFILE_DIR (`npm run bench -- --cpu-prof <dir>`), a V8 CPU profile of the whole run is
 *   written to <dir>/<role>-<pid>.cpuprofile at exit (node refuses --cpu-prof in NODE_OPTIONS, so it is
 *   recorded through the inspector; open it in Chrome DevTools or summarise it with profile-summary.ts).
 */
const v8 = require('node:v8');
const vm = require('node:vm');
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const memoryDir = process.env.BENCH_MEMORY_DIR;
process.on('SIGUSR2', () => {
  gc();
  if (!memoryDir) return;
  // heap-per-socket.ts: a heap snapshot as well, written before the memory file it waits for.
  if (process.env.BENCH_HEAP_SNAPSHOT) v8.writeHeapSnapshot(path.join(memoryDir, `${process.pid}.heapsnapshot`));
  fs.writeFileSync(path.join(memoryDir, `${process.pid}.json`), JSON.stringify(process.memoryUsage()));
});

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  process.on('exit', () => {
    // An in-process inspector session answers synchronously, so this completes before the exit.
    session.post('Profiler.stop', (err, result) => {
      if (err) return;
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${process.env.BENCH_ROLE || 'process'}-${process.pid}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(result.profile));
    });
  });
}
