/**
 * `npm run seed -- --comments 100000 [--article <slug>] [--uri mongodb://...]`: fills one new thread
 * with N comments, then measures how long the server takes for its first page and for a page 1,000
 * pages deep.
 *
 * Store: `--uri`, else MONGODB_URI, else the embedded store in DATA_DIR (./data), opened the way the
 * server opens it (the embedded data directory can then not be in use by a running server).
 *
 * Speed: comments and their `comment.created` events go in through the models' insertMany, 1,000 of
 * each per batch, with seq numbers, counts and the article's lastSeq/commentCount computed here rather
 * than by the event log one write at a time. That is only safe while nobody else writes to the thread:
 * the event log gives seq n+1 by reading the highest stored seq, so a live writer racing these batches
 * would collide with them. Hence the seed only ever fills an article it has just created itself
 * (`--article` must name a slug that does not exist yet; by default `seed-<timestamp>`), and keeps it
 * locked while it fills it, so a server running on the same store refuses posts to it meanwhile. The
 * lock is set and lifted directly on the document, without events: no reader was ever told of it.
 * Should the seed die half-way, the article stays locked and half-filled; delete it and run again.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { Types } from 'mongoose';
import request from 'supertest';
import { createApp } from '../server/app';
import { encodeCursor } from '../server/lib/cursor';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { prepareData } from '../server/startup';
import { openStore } from '../server/store';
import { isValidSlug } from '../server/articles/slug';
import { register } from '../server/users/accounts';
import type { AppContext } from '../server/app-context';

const BATCH = 1_000;
const AUTHORS = 20;
const PAGE = 50;
const RUNS = 20;

const SAMPLE_BODIES = [
  'I see it differently: the **second** point matters more than the first.',
  'Good question. Here is a link that explains it: [the docs](https://example.com/docs).',
  '> quoted from above\n\nand my answer to it.',
  'Short and to the point.',
  'A list:\n\n- one\n- two\n- three',
  'Some `inline code` and _emphasis_ in one sentence.',
];

function options() {
  const { values } = parseArgs({
    options: { comments: { type: 'string', default: '100000' }, article: { type: 'string' }, uri: { type: 'string' } },
  });
  const comments = Number(values.comments);
  if (!Number.isInteger(comments) || comments < 1) throw new Error('--comments must be a positive whole number');
  const slug = values.article ?? `seed-${Date.now()}`;
  if (!isValidSlug(slug)) throw new Error('--article must be 1 to 96 of a-z 0-9 -, not 24 hex digits and not "lookup"');
  return { comments, slug, uri: values.uri };
}

/** Seed authors `seed_1` … `seed_20`, made once (with passwords nobody knows) and reused on later runs. */
async function seedAuthors(ctx: AppContext): Promise<Types.ObjectId[]> {
  const ids: Types.ObjectId[] = [];
  for (let i = 1; i <= AUTHORS; i++) {
    const username = `seed_${i}`;
    const existing = await ctx.models.User.findOne({ username }, { _id: 1 }).lean();
    ids.push(
      existing
        ? existing._id
        : (await register(ctx, { username, password: new Types.ObjectId().toHexString() }, 'seed')).userId,
    );
  }
  return ids;
}

async function createSeedArticle(ctx: AppContext, slug: string, authorId: Types.ObjectId, comments: number) {
  const { Article } = ctx.models;
  if (await Article.exists({ slug }))
    throw new Error(`an article "${slug}" exists already: the seed only fills an article it creates itself`);
  const body = `A thread seeded with ${comments.toLocaleString('en')} comments, to see how the server pages through a long discussion.`;
  const doc = await Article.create({
    slug,
    title: `Seeded thread: ${comments.toLocaleString('en')} comments`,
    summary: 'Made by npm run seed.',
    body,
    html: ctx.renderer.render(body).html,
    authorId,
    publishedAt: ctx.now(),
    locked: true,
  });
  return doc._id;
}

/**
 * Reaction counts spread like a real thread's: most comments have none or a few, some dozens, one in a
 * thousand hundreds; so a `sort=top` page has many ties to order by seq, as real ones do. The counts
 * stand alone (no reaction documents): only anonymous pages are read from seeded threads.
 */
function reactionsOf(seq: number): number {
  const h = (seq * 2_654_435_761) % 1_000;
  return h < 600 ? 0 : h < 900 ? h % 5 : h < 999 ? h % 60 : 100 + (seq % 400);
}

async function fill(
  ctx: AppContext,
  articleId: Types.ObjectId,
  authors: Types.ObjectId[],
  total: number,
): Promise<void> {
  const { Comment, Event } = ctx.models;
  const bar = new SingleBar(
    { format: 'seeding [{bar}] {percentage}% | {value}/{total} comments | {eta}s left', etaBuffer: 20 },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  const recent: Types.ObjectId[] = [];
  const start = ctx.now().getTime() - total * 1000;
  for (let from = 1; from <= total; from += BATCH) {
    const comments = [];
    const events = [];
    for (let seq = from; seq < Math.min(from + BATCH, total + 1); seq++) {
      const _id = new Types.ObjectId();
      const body = `#${seq}. ${SAMPLE_BODIES[seq % SAMPLE_BODIES.length]}`;
      const { html, excerpt } = ctx.renderer.render(body);
      const at = new Date(start + seq * 1000);
      // Every fifth comment replies to one of the recent ones, so the thread has some depth.
      const parentId = seq % 5 === 0 && recent.length ? recent[seq % recent.length]! : null;
      comments.push({
        _id,
        articleId,
        seq,
        parentId,
        quoteId: null,
        authorId: authors[seq % authors.length]!,
        body,
        html,
        excerpt,
        status: 'visible',
        createdAt: at,
        editedAt: null,
        editedBy: null,
        removedReason: null,
        reactions: reactionsOf(seq),
        replyCount: 0,
      });
      events.push({
        articleId,
        seq,
        type: 'comment.created',
        at,
        commentId: _id,
        commentCount: seq,
        opId: new Types.ObjectId(),
      });
      recent.push(_id);
      if (recent.length > 100) recent.shift();
    }
    // Events first: a comment is never listed with a seq whose event is missing.
    await Event.insertMany(events, { ordered: true, lean: true });
    await Comment.insertMany(comments, { ordered: true, lean: true });
    // Each parent's replyCount, as the replies' events would have moved it.
    const parents = comments.flatMap((c) => (c.parentId ? [c.parentId] : []));
    const counted = parents.map((_id) => ({ updateOne: { filter: { _id }, update: { $inc: { replyCount: 1 } } } }));
    if (counted.length) await Comment.bulkWrite(counted);
    bar.update(from - 1 + comments.length);
  }
  bar.stop();
}

/** Median time of RUNS requests through an in-process app on the same store (what the server spends). */
async function medianMs(app: ReturnType<typeof createApp>['app'], path: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const res = await request(app).get(path);
    times.push(performance.now() - started);
    if (res.status !== 200 || res.body.items.length === 0) throw new Error(`GET ${path} answered ${res.status}`);
  }
  times.sort((a, b) => a - b);
  return (times[RUNS / 2 - 1]! + times[RUNS / 2]!) / 2;
}

async function main(): Promise<void> {
  const { comments, slug, uri } = options();
  const config = { ...loadConfig({ ...process.env, ...(uri ? { MONGODB_URI: uri } : {}) }), rateLimits: false };
  const logger = createLogger('warn');
  const store = await openStore(config, logger);
  try {
    const { app, ctx } = createApp({ config, logger, db: store.db });
    await prepareData(ctx, config);
    const authors = await seedAuthors(ctx);
    const articleId = await createSeedArticle(ctx, slug, authors[0]!, comments);
    process.stderr.write(`store: ${store.description}\narticle: ${slug} (${String(articleId)})\n`);

    const started = performance.now();
    await fill(ctx, articleId, authors, comments);
    await ctx.models.Article.updateOne(
      { _id: articleId },
      { $set: { locked: false, lastSeq: comments, commentCount: comments } },
    );
    const seconds = (performance.now() - started) / 1000;

    const deepSeq = Math.max(0, Math.min(1_000 * PAGE, comments - PAGE));
    const base = `/api/articles/${String(articleId)}/comments?limit=${PAGE}`;
    // Warm up first (JIT, and the garbage the bulk insert left), so neither figure pays for it.
    await medianMs(app, base);
    await medianMs(app, `${base}&cursor=${encodeCursor({ s: deepSeq, d: 'oldest' })}`);
    const first = await medianMs(app, base);
    const deep = await medianMs(app, `${base}&cursor=${encodeCursor({ s: deepSeq, d: 'oldest' })}`);
    console.log(
      `seeded ${comments} comments and their events into "${slug}" in ${seconds.toFixed(1)} s (${Math.round(comments / seconds)} comments/s)`,
    );
    console.log(`first page (${PAGE} comments): median ${first.toFixed(1)} ms over ${RUNS} requests`);
    console.log(
      `page after seq ${deepSeq} (${Math.round(deepSeq / PAGE)} pages deep): median ${deep.toFixed(1)} ms over ${RUNS} requests`,
    );
    console.log(`open it at /articles/${slug}`);
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
