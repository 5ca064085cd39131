/**
 * `npm run import -- --disqus FILE` or `--wordpress FILE` [`--uri mongodb://…`]: reads a Disqus or
 * WordPress (WXR) export into articles, accounts, threaded comments and their events (docs/import.md).
 *
 * Store: `--uri`, else MONGODB_URI, else the embedded store in DATA_DIR (./data), opened the way the
 * server opens it (so not while a server runs on that directory: its lock refuses the second opener).
 */
import { parseArgs } from 'node:util';
import { MultiBar, Presets } from 'cli-progress';
import { loadConfig } from '../server/config';
import { createAppContext } from '../server/app-context';
import { ImportInputError } from '../server/import/types';
import { runImport, type ImportPhase, type ImportSummary } from '../server/import/run-import';
import { createLogger } from '../server/logger';
import { createModels, ensureIndexes } from '../server/models';
import { openStore } from '../server/store';

const USAGE = 'usage: npm run import -- --disqus FILE | --wordpress FILE [--uri mongodb://…]';

function options() {
  const { values } = parseArgs({
    options: { disqus: { type: 'string' }, wordpress: { type: 'string' }, uri: { type: 'string' } },
  });
  if (!values.disqus === !values.wordpress) throw new Error(USAGE);
  return values.disqus
    ? { format: 'disqus' as const, file: values.disqus, uri: values.uri }
    : { format: 'wordpress' as const, file: values.wordpress!, uri: values.uri };
}

/** One bar per phase, by bytes read, then by comments written; nothing when stderr is not a terminal. */
function progressBars() {
  const bars = new MultiBar(
    { format: '{phase} [{bar}] {percentage}% | {value}/{total} {unit} | {eta}s left', hideCursor: true, etaBuffer: 50 },
    Presets.shades_classic,
  );
  const open = new Map<ImportPhase, ReturnType<MultiBar['create']>>();
  return {
    update(phase: ImportPhase, done: number, total: number) {
      const unit = phase === 'reading' ? 'bytes' : 'comments';
      const bar = open.get(phase) ?? bars.create(total, 0, { phase: phase.padEnd(7), unit });
      open.set(phase, bar);
      bar.setTotal(total);
      bar.update(done, { phase: phase.padEnd(7), unit });
    },
    stop: () => bars.stop(),
  };
}

function report(s: ImportSummary): string {
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([why, n]) => `${n} ${why}`)
      .join(', ') || 'none';
  const articles = `${s.articlesCreated} created, ${s.articlesFound} already there`;
  const comments = `${s.imported} imported, ${s.existing} already there`;
  return [
    `articles: ${articles}; ${s.threadsWithoutComments} threads without comments left out`,
    `comments: ${comments}; not shown: ${list(s.hidden)}; ${s.truncated} cut to 10,000 characters`,
    `skipped: ${list(s.skipped)}`,
    `accounts: ${s.accountsCreated} created (imported authors cannot sign in)`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { format, file, uri } = options();
  const config = loadConfig({ ...process.env, ...(uri ? { MONGODB_URI: uri } : {}) });
  const logger = createLogger('warn');
  const store = await openStore(config, logger);
  const bars = progressBars();
  try {
    process.stderr.write(`store: ${store.description}\n`);
    const models = createModels(store.db);
    await ensureIndexes(models);
    const ctx = createAppContext({ models, logger, wordFilter: config.wordFilter });
    const summary = await runImport(ctx, store.db.db!, { format, file, onProgress: bars.update });
    bars.stop();
    console.log(report(summary));
  } finally {
    bars.stop();
    await store.close();
  }
}

main().catch((err: unknown) => {
  const message = err instanceof ImportInputError || err instanceof Error ? err.message : String(err);
  process.stderr.write(
    `import failed: ${message}\n${err instanceof ImportInputError ? 'nothing was imported.\n' : ''}`,
  );
  process.exit(1);
});
