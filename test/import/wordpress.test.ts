/**
 * `npm run import -- --wordpress FILE`: a WXR 1.2 export's posts become articles by URL, their approved
 * comments a thread with WordPress's threading and GMT dates; pending and trashed comments are kept
 * hidden, spam and pingbacks left out; the text's line breaks and tags become the comments' Markdown.
 */
import request from 'supertest';
import { useApiHarness } from '../api/harness';
import { runImport, useExportDir } from './cli';
import { wxrExport } from '../../scripts/lib/export-files';

const h = useApiHarness();
const file = useExportDir();
const uri = () => `mongodb://127.0.0.1:${h().store.db.port}/discussion`;

const ITEMS = [
  {
    postId: 12,
    title: 'Hello world',
    link: 'https://blog.example/2024/hello/',
    dateGmt: '2024-01-01 10:00:00',
    comments: [
      {
        id: 31,
        author: 'Ann',
        email: 'ann@example.com',
        dateGmt: '2024-01-02 10:00:00',
        content: 'Line one\nLine two\n\n<strong>Bold</strong> <em>claim</em> <code>x = 1</code>',
      },
      {
        id: 32,
        parent: 31,
        author: 'Bob',
        userId: 2,
        dateGmt: '2024-01-02 11:00:00',
        content: '<blockquote>Line one</blockquote>\nIndeed.',
      },
      {
        id: 33,
        parent: 32,
        author: 'Ann',
        email: 'ann@example.com',
        dateGmt: '2024-01-02 12:00:00',
        content: 'Waiting for approval',
        approved: '0' as const,
      },
      {
        id: 34,
        author: 'Cheap Pills',
        dateGmt: '2024-01-02 13:00:00',
        content: 'spam spam',
        approved: 'spam' as const,
      },
      { id: 35, author: 'Other blog', dateGmt: '2024-01-02 14:00:00', content: 'pinged you', type: 'pingback' },
      {
        id: 36,
        parent: 33,
        author: 'Bob',
        userId: 2,
        dateGmt: '2024-01-02 15:00:00',
        content: 'Answer to the hidden one',
        approved: '1' as const,
      },
      { id: 37, author: 'Troll', dateGmt: '2024-01-02 16:00:00', content: 'trashed', approved: 'trash' as const },
    ],
  },
  { postId: 13, title: 'About', link: 'https://blog.example/about/', dateGmt: '2024-01-01 09:00:00', comments: [] },
];

it('imports approved comments threaded and dated, hides pending and trashed ones, skips spam, pingbacks', async () => {
  const run = await runImport(['--wordpress', file('wxr.xml', wxrExport(ITEMS)), '--uri', uri()]);
  expect(run.stderr).not.toContain('import failed');
  expect(run.stdout).toContain('articles: 1 created, 0 already there; 1 threads without comments left out');
  expect(run.stdout).toContain(
    'comments: 5 imported, 0 already there; not shown: 1 not approved in WordPress, 1 in the trash in WordPress',
  );
  expect(run.stdout).toContain('skipped: 1 spam, 1 pingback');

  const article = (await request(h().http).get('/api/articles')).body.items.find(
    (a: { title: string }) => a.title === 'Hello world',
  );
  expect(article).toEqual(
    expect.objectContaining({
      url: 'https://blog.example/2024/hello/',
      publishedAt: '2024-01-01T10:00:00.000Z',
      commentCount: 3,
      lastSeq: 5,
    }),
  );
  const items = (await request(h().http).get(`/api/articles/${article.id}/comments`)).body.items;
  expect(items.map((c: { createdAt: string }) => c.createdAt)).toEqual(
    [10, 11, 12, 15, 16].map((hh) => `2024-01-02T${hh}:00:00.000Z`),
  );
  const [first, reply, pending, answer, trashed] = items;
  expect(first.html).toBe(
    '<p>Line one<br />\nLine two</p>\n<p><strong>Bold</strong> <em>claim</em> <code>x = 1</code></p>\n',
  );
  expect(reply).toEqual(
    expect.objectContaining({
      parentId: first.id,
      html: '<blockquote>\n<p>Line one</p>\n</blockquote>\n<p>Indeed.</p>\n',
    }),
  );
  expect(pending).toEqual(expect.objectContaining({ parentId: reply.id, status: 'removed', body: '' }));
  expect(answer).toEqual(expect.objectContaining({ parentId: pending.id, status: 'visible' }));
  expect(trashed.status).toBe('removed');
  // One account per commenter: the same guest (name and e-mail) twice, a registered user by their id.
  expect(first.author.id).toBe(pending.author.id);
  expect(reply.author.id).toBe(answer.author.id);
  expect(first.author).toEqual(expect.objectContaining({ username: 'Ann', displayName: 'Ann' }));
}, 60_000);
