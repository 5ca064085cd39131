/**
 * `npm run import -- --disqus FILE` against a store a server runs on: articles by URL, threaded comments
 * with their dates, hidden and skipped posts, safe html, the app's own events, accounts nobody can sign
 * in to, and a second run that creates nothing.
 */
import request from 'supertest';
import { useApiHarness } from '../api/harness';
import { runImport, useExportDir } from './cli';
import { disqusExport } from '../../scripts/lib/export-files';

const h = useApiHarness();
const file = useExportDir();
const uri = () => `mongodb://127.0.0.1:${h().store.db.port}/discussion`;

const THREADS = [
  {
    id: '100',
    link: 'https://News.Example:443/2020/bikes?utm=x#c',
    title: 'Bike lanes',
    createdAt: '2020-03-01T08:00:00Z',
    identifier: 'cms-4812',
  },
  { id: '200', link: 'https://news.example/2020/empty', title: 'Nobody commented', createdAt: '2020-03-02T08:00:00Z' },
  {
    id: '300',
    link: 'https://news.example/2020/gone',
    title: 'Deleted thread',
    createdAt: '2020-03-03T08:00:00Z',
    deleted: true,
  },
];
const POSTS = [
  {
    id: '1',
    thread: '100',
    message: '<p>First! <b>Great</b> news &amp; more</p><p>Second <i>para</i></p>',
    createdAt: '2020-03-01T09:00:00Z',
    author: 'Jane Doe',
    username: 'janed',
  },
  // A reply dated before its parent (clocks differ): it must still come after it.
  {
    id: '3',
    thread: '100',
    parent: '4',
    message: '<p>Early reply</p>',
    createdAt: '2020-03-01T09:30:00Z',
    author: 'Guest Person',
  },
  {
    id: '4',
    thread: '100',
    parent: '1',
    message: '<p>Agreed, see <a href="https://example.com/x">this</a></p>',
    createdAt: '2020-03-01T10:00:00Z',
    author: 'Émile Zola',
    username: 'emile',
  },
  {
    id: '5',
    thread: '100',
    message: '<p>Hi<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">click</a></p>',
    createdAt: '2020-03-01T11:00:00Z',
    author: 'Mallory',
    username: 'mallory',
  },
  {
    id: '6',
    thread: '100',
    parent: '1',
    message: '<p>I take it back</p>',
    createdAt: '2020-03-01T12:00:00Z',
    author: 'Jane Doe',
    username: 'janed',
    deleted: true,
  },
  {
    id: '7',
    thread: '100',
    message: '<p>BUY PILLS</p>',
    createdAt: '2020-03-01T13:00:00Z',
    author: 'Spammer',
    username: 'spammer',
    spam: true,
  },
  // A reply to spam hangs on the spam post's parent (none: top level).
  {
    id: '8',
    thread: '100',
    parent: '7',
    message: '<p>reported</p>',
    createdAt: '2020-03-01T14:00:00Z',
    author: 'Jane Doe',
    username: 'janed',
  },
  {
    id: '9',
    thread: '300',
    message: '<p>lost</p>',
    createdAt: '2020-03-03T09:00:00Z',
    author: 'Jane Doe',
    username: 'janed',
  },
];

interface Item {
  id: string;
  seq: number;
  parentId: string | null;
  author: { username: string; displayName: string };
  body: string;
  html: string;
  status: string;
  createdAt: string;
  replyCount: number;
}

async function thread(articleId: string): Promise<Item[]> {
  return (await request(h().http).get(`/api/articles/${articleId}/comments`).query({ limit: 100 })).body.items;
}

let articleId = '';
let firstRun = { code: 0 as number | null, stdout: '', stderr: '' };

beforeAll(async () => {
  firstRun = await runImport(['--disqus', file('disqus.xml', disqusExport(THREADS, POSTS)), '--uri', uri()]);
}, 60_000);

it('finishes with a summary of articles, comments, skipped posts and why', () => {
  expect(firstRun.stderr).not.toContain('import failed');
  expect(firstRun.code).toBe(0);
  expect(firstRun.stdout).toContain('articles: 1 created, 0 already there; 1 threads without comments left out');
  expect(firstRun.stdout).toContain('comments: 6 imported, 0 already there; not shown: 1 deleted');
  expect(firstRun.stdout).toContain('skipped: 1 spam, 1 thread deleted in Disqus');
});

it('makes the article findable by its URL and host id, with its title and date', async () => {
  const list = (await request(h().http).get('/api/articles')).body.items;
  const article = list.find((a: { title: string }) => a.title === 'Bike lanes');
  expect(article).toEqual(
    expect.objectContaining({
      url: 'https://news.example/2020/bikes',
      externalId: 'cms-4812',
      publishedAt: '2020-03-01T08:00:00.000Z',
      commentCount: 5,
      lastSeq: 6,
      locked: false,
    }),
  );
  expect(list.map((a: { title: string }) => a.title)).not.toContain('Nobody commented');
  articleId = article.id;
});

it('keeps threading, dates and creation order, parents always before replies', async () => {
  const items = await thread(articleId);
  const byBody = (text: string) => items.find((c) => c.body.includes(text))!;
  expect(items.map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  const first = byBody('First!');
  const agreed = byBody('Agreed');
  const early = byBody('Early reply');
  expect(first).toEqual(expect.objectContaining({ seq: 1, parentId: null, createdAt: '2020-03-01T09:00:00.000Z' }));
  expect(agreed).toEqual(
    expect.objectContaining({ seq: 2, parentId: first.id, createdAt: '2020-03-01T10:00:00.000Z' }),
  );
  expect(early).toEqual(
    expect.objectContaining({ seq: 3, parentId: agreed.id, createdAt: '2020-03-01T09:30:00.000Z' }),
  );
  expect(byBody('reported').parentId).toBeNull();
  // Each comment counts its visible direct replies, as a reply posted in the app would make it.
  for (const c of items) {
    const visibleReplies = items.filter((r) => r.parentId === c.id && r.status === 'visible').length;
    expect({ body: c.body, replyCount: c.replyCount }).toEqual({ body: c.body, replyCount: visibleReplies });
  }
  expect(first.replyCount).toBe(1);
  expect(items.map((c) => c.body).join()).not.toContain('PILLS');
  expect(first.html).toBe('<p>First! <strong>Great</strong> news &amp; more</p>\n<p>Second <em>para</em></p>\n');
  expect(agreed.html).toContain('<a href="https://example.com/x" rel="nofollow ugc noopener">this</a>');
});

it('hides deleted posts (their place kept) and never lets script or handlers into html', async () => {
  const items = await thread(articleId);
  const deleted = items.find((c) => c.status === 'deleted')!;
  expect(deleted).toEqual(expect.objectContaining({ body: '', html: '' }));
  const mallory = items.find((c) => c.author.username === 'mallory')!;
  expect(mallory.html).not.toMatch(/<script|onerror|javascript:|<img/i);
  expect(mallory.html).toContain('Hi');
});

it('writes the creation events the app writes: gap-free, dated, counting visible comments', async () => {
  const res = await request(h().http).get(`/api/articles/${articleId}/events`).query({ after: 0 });
  expect(res.status).toBe(200);
  const events = res.body.items as { seq: number; type: string; at: string; commentCount: number; comment: Item }[];
  expect(events.map((e) => [e.seq, e.type, e.commentCount])).toEqual([
    [1, 'comment.created', 1],
    [2, 'comment.created', 2],
    [3, 'comment.created', 3],
    [4, 'comment.created', 4],
    [5, 'comment.created', 4],
    [6, 'comment.created', 5],
  ]);
  for (const e of events) expect(e.at).toBe(e.comment.createdAt);
});

it('makes authors accounts with valid, unique usernames that nobody can sign in to', async () => {
  const items = await thread(articleId);
  const authors = new Map(items.map((c) => [c.author.username, c.author.displayName]));
  expect(authors.get('janed')).toBe('Jane Doe');
  expect(authors.get('emile')).toBe('Émile Zola');
  expect(authors.get('Guest_Person')).toBe('Guest Person');
  const login = await request(h().http)
    .post('/api/auth/login')
    .send({ username: 'janed', password: 'anything-at-all' });
  expect(login.status).toBe(401);
  // The thread goes on as any other: a new comment is numbered after the imported ones.
  const reader = await h().register('after_import');
  const posted = await request(h().http)
    .post(`/api/articles/${articleId}/comments`)
    .set('Authorization', `Bearer ${reader.token}`)
    .send({ body: 'new' });
  expect(posted.body.comment.seq).toBe(7);
});

it('creates nothing on a second run of the same file', async () => {
  const again = await runImport(['--disqus', file('disqus.xml', disqusExport(THREADS, POSTS)), '--uri', uri()]);
  expect(again.code).toBe(0);
  expect(again.stdout).toContain('articles: 0 created, 1 already there');
  expect(again.stdout).toContain('comments: 0 imported, 6 already there');
  expect(again.stdout).toContain('accounts: 0 created');
  const items = await thread(articleId);
  expect(items.map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
}, 60_000);
