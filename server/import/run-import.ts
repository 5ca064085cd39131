import type { mongo } from 'mongoose';
import type { AppContext } from '../app-context';
import { buildThread, type ThreadTally } from './build-thread';
import { disqusRow, disqusSpec } from './disqus';
import { ensureArticle } from './import-article';
import { createImportedAccounts } from './import-accounts';
import { createStaging, type Staging } from './staging';
import { orderThread } from './thread-order';
import { ImportInputError, MAX_PROBLEMS, type ImportFormat, type StagedRow } from './types';
import { wordpressRow, wordpressSpec } from './wordpress';
import { readXmlRecords } from './xml-records';

export interface ImportSummary extends ThreadTally {
  articlesCreated: number;
  articlesFound: number;
  threadsWithoutComments: number;
  accountsCreated: number;
  /** Left out entirely, by why (spam, pingback, thread deleted). */
  skipped: Record<string, number>;
}

export type ImportPhase = 'reading' | 'writing';

export interface ImportOptions {
  format: ImportFormat;
  file: string;
  onProgress?: (phase: ImportPhase, done: number, total: number) => void;
}

/** Rows handed to the staging collection at once. */
const STAGE_BATCH = 1_000;

const FORMATS = {
  disqus: {
    spec: disqusSpec,
    row: disqusRow,
    articleAuthor: { key: 'disqus:import', name: 'Imported from Disqus', username: 'disqus-import' },
  },
  wordpress: {
    spec: wordpressSpec,
    row: wordpressRow,
    articleAuthor: { key: 'wordpress:import', name: 'Imported from WordPress', username: 'wordpress-import' },
  },
} as const;

const add = (counts: Record<string, number>, why: string, n = 1) => (counts[why] = (counts[why] ?? 0) + n);

function check(problems: string[]): void {
  if (problems.length) throw new ImportInputError(problems.slice(0, MAX_PROBLEMS));
}

/** Phase 1: the whole file into the staging collection; any fault in it stops the import here. */
async function stage(staging: Staging, opts: ImportOptions): Promise<void> {
  const { spec, row } = FORMATS[opts.format];
  const problems: string[] = [];
  let batch: StagedRow[] = [];
  await staging.reset();
  try {
    await readXmlRecords(opts.file, spec, {
      onRecord(record, open) {
        const staged = row(record, open, problems);
        if (staged) batch.push(staged);
      },
      async drain() {
        check(problems.length >= MAX_PROBLEMS ? problems : []);
        if (batch.length < STAGE_BATCH) return;
        const full = batch;
        batch = [];
        await staging.add(full);
      },
      onProgress: (read, total) => opts.onProgress?.('reading', read, total),
    });
  } catch (err) {
    if (err instanceof ImportInputError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    // saxes says where: "line:column: message". A file that stops early leaves tags open.
    const hint = /unclosed|unexpected end|document must contain/i.test(message)
      ? ' (is the file truncated?)'
      : /undefined entity/i.test(message)
        ? ' (XML defines only &amp; &lt; &gt; &quot; &apos; and numeric ones; ' +
          'HTML entities such as &nbsp; belong in CDATA)'
        : '';
    throw new ImportInputError([...problems.slice(0, MAX_PROBLEMS - 1), `not well-formed XML at ${message}${hint}`]);
  }
  await staging.add(batch);
  check(problems);
  if ((await staging.count('post')) === 0 && (await staging.count('thread')) === 0) {
    const what =
      opts.format === 'disqus'
        ? 'a Disqus export (<disqus> with <thread> and <post>)'
        : 'a WordPress WXR export (<rss><channel><item>)';
    throw new ImportInputError([`found no threads and no comments: is this ${what}?`]);
  }
}

/** Phase 2: every thread's posts ordered and their references checked, before anything visible is written. */
async function validate(staging: Staging): Promise<void> {
  const problems: string[] = [];
  for await (const { threadKey, links } of staging.threadsOfPosts()) {
    if (!(await staging.thread(threadKey))) {
      problems.push(`line ${links[0]!.line}: ${links.length} post(s) name ${threadKey}, which the file does not have`);
    } else orderThread(threadKey, links, problems);
    if (problems.length >= MAX_PROBLEMS) break;
  }
  check(problems);
}

/** Phase 3: thread after thread, the article, then its comments and events in creation order. */
async function build(ctx: AppContext, staging: Staging, opts: ImportOptions, summary: ImportSummary): Promise<void> {
  const accounts = createImportedAccounts(ctx);
  const totalPosts = await staging.count('post');
  let threadsWithPosts = 0;
  let written = 0;
  const progress = (n: number) => opts.onProgress?.('writing', (written += n), totalPosts);
  for await (const { threadKey, links } of staging.threadsOfPosts()) {
    threadsWithPosts++;
    const thread = (await staging.thread(threadKey))!;
    if (thread.skip) {
      add(summary.skipped, thread.skip, links.length);
      progress(links.length);
      continue;
    }
    for (const l of links) if (l.state === 'skipped') add(summary.skipped, l.reason ?? 'skipped');
    const ordered = orderThread(threadKey, links, []);
    if (!ordered.length) {
      progress(links.length);
      continue;
    }
    const articleAuthor = await accounts.idOf(FORMATS[opts.format].articleAuthor);
    const { articleId, created } = await ensureArticle(ctx, thread, links[0]!.createdAt, articleAuthor);
    summary[created ? 'articlesCreated' : 'articlesFound']++;
    await buildThread(ctx, { staging, accounts, format: opts.format }, articleId, ordered, summary, progress);
    progress(links.length - ordered.length);
  }
  summary.threadsWithoutComments = (await staging.count('thread')) - threadsWithPosts;
  summary.accountsCreated = accounts.created();
}

/**
 * `npm run import`: reads a Disqus or WordPress export into articles, accounts, comments and events.
 * Three phases: stage the file (nothing visible is written; a broken file stops here), check every
 * thread, then write thread after thread. Writing is idempotent (keys from the export, see import-ids.ts),
 * so a second run creates nothing and an interrupted one, run again, completes.
 */
export async function runImport(ctx: AppContext, db: mongo.Db, opts: ImportOptions): Promise<ImportSummary> {
  const staging = createStaging(db);
  const summary: ImportSummary = {
    articlesCreated: 0,
    articlesFound: 0,
    threadsWithoutComments: 0,
    accountsCreated: 0,
    imported: 0,
    existing: 0,
    hidden: {},
    truncated: 0,
    skipped: {},
  };
  try {
    await stage(staging, opts);
    await validate(staging);
    await build(ctx, staging, opts, summary);
  } finally {
    await staging.drop();
  }
  return summary;
}
