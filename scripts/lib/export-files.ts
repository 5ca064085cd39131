/**
 * Exports in the real formats, generated (for the import tests and `npm run bench:import`): a Disqus XML
 * export and a WordPress WXR 1.2 file, written the way those services write them (namespaces, CDATA
 * messages, dsq:id references, nested wp:comment).
 */
import { writeFileSync } from 'node:fs';

export interface FixtureThread {
  id: string;
  link: string;
  title: string;
  createdAt: string;
  identifier?: string;
  closed?: boolean;
  deleted?: boolean;
}

export interface FixturePost {
  id: string;
  thread: string;
  parent?: string;
  message: string;
  createdAt: string;
  author: string;
  username?: string;
  deleted?: boolean;
  spam?: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

export function disqusThread(t: FixtureThread): string {
  return `  <thread dsq:id="${t.id}">
    <id>${esc(t.identifier ?? '')}</id>
    <forum>news-example</forum>
    <category dsq:id="1" />
    <link>${esc(t.link)}</link>
    <title>${cdata(t.title)}</title>
    <message />
    <createdAt>${t.createdAt}</createdAt>
    <author><name>Editor</name><isAnonymous>false</isAnonymous><username>editor</username></author>
    <isClosed>${t.closed ? 'true' : 'false'}</isClosed>
    <isDeleted>${t.deleted ? 'true' : 'false'}</isDeleted>
  </thread>
`;
}

export function disqusPost(p: FixturePost): string {
  const author = p.username
    ? `<name>${esc(p.author)}</name><isAnonymous>false</isAnonymous><username>${esc(p.username)}</username>`
    : `<email>guest@example.com</email><name>${esc(p.author)}</name><isAnonymous>true</isAnonymous>`;
  return `  <post dsq:id="${p.id}">
    <id />
    <message>${cdata(p.message)}</message>
    <createdAt>${p.createdAt}</createdAt>
    <isDeleted>${p.deleted ? 'true' : 'false'}</isDeleted>
    <isSpam>${p.spam ? 'true' : 'false'}</isSpam>
    <author>${author}</author>
    <ipAddress>127.0.0.1</ipAddress>
    <thread dsq:id="${p.thread}" />
${p.parent ? `    <parent dsq:id="${p.parent}" />\n` : ''}  </post>
`;
}

export const DISQUS_HEAD = `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://disqus.com/api/schemas/1.0/disqus.xsd
    http://disqus.com/api/schemas/1.0/disqus-internals.xsd">
  <category dsq:id="1">
    <forum>news-example</forum>
    <title>General</title>
    <isDefault>true</isDefault>
  </category>
`;
export const DISQUS_TAIL = '</disqus>\n';

export function disqusExport(threads: FixtureThread[], posts: FixturePost[]): string {
  return DISQUS_HEAD + threads.map(disqusThread).join('') + posts.map(disqusPost).join('') + DISQUS_TAIL;
}

export interface WxrComment {
  id: number;
  parent?: number;
  author: string;
  email?: string;
  userId?: number;
  dateGmt: string;
  content: string;
  approved?: '1' | '0' | 'spam' | 'trash';
  type?: string;
}

export interface WxrItem {
  postId: number;
  title: string;
  link: string;
  dateGmt: string;
  comments: WxrComment[];
}

function wxrComment(c: WxrComment): string {
  return `    <wp:comment>
      <wp:comment_id>${c.id}</wp:comment_id>
      <wp:comment_author>${cdata(c.author)}</wp:comment_author>
      <wp:comment_author_email>${cdata(c.email ?? '')}</wp:comment_author_email>
      <wp:comment_author_url>https://people.example/</wp:comment_author_url>
      <wp:comment_author_IP>${cdata('127.0.0.1')}</wp:comment_author_IP>
      <wp:comment_date>${cdata(c.dateGmt)}</wp:comment_date>
      <wp:comment_date_gmt>${cdata(c.dateGmt)}</wp:comment_date_gmt>
      <wp:comment_content>${cdata(c.content)}</wp:comment_content>
      <wp:comment_approved>${cdata(c.approved ?? '1')}</wp:comment_approved>
      <wp:comment_type>${cdata(c.type ?? 'comment')}</wp:comment_type>
      <wp:comment_parent>${c.parent ?? 0}</wp:comment_parent>
      <wp:comment_user_id>${c.userId ?? 0}</wp:comment_user_id>
    </wp:comment>
`;
}

export function wxrExport(items: WxrItem[], site = 'https://blog.example'): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>A blog</title>
  <link>${site}</link>
  <description>Just another WordPress site</description>
  <language>en-US</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>${site}</wp:base_site_url>
  <wp:base_blog_url>${site}</wp:base_blog_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login>${cdata('admin')}</wp:author_login></wp:author>
${items
  .map(
    (i) => `  <item>
    <title>${cdata(i.title)}</title>
    <link>${esc(i.link)}</link>
    <pubDate>Mon, 01 Jan 2024 10:00:00 +0000</pubDate>
    <dc:creator>${cdata('admin')}</dc:creator>
    <guid isPermaLink="false">${site}/?p=${i.postId}</guid>
    <description></description>
    <content:encoded>${cdata('<p>The article text, which stays on the blog.</p>')}</content:encoded>
    <wp:post_id>${i.postId}</wp:post_id>
    <wp:post_date>${cdata(i.dateGmt)}</wp:post_date>
    <wp:post_date_gmt>${cdata(i.dateGmt)}</wp:post_date_gmt>
    <wp:comment_status>${cdata('open')}</wp:comment_status>
    <wp:status>${cdata('publish')}</wp:status>
    <wp:post_type>${cdata('post')}</wp:post_type>
${i.comments.map(wxrComment).join('')}  </item>
`,
  )
  .join('')}</channel>
</rss>
`;
}

/**
 * A large Disqus export of `comments` posts spread over threads of `perThread`, every fifth a reply,
 * written in pieces (for the interruption test and the benchmark).
 */
export function writeLargeDisqus(file: string, comments: number, perThread = 500): void {
  const threads = Math.ceil(comments / perThread);
  const parts: string[] = [DISQUS_HEAD];
  const day = Date.UTC(2020, 0, 1);
  for (let t = 1; t <= threads; t++) {
    parts.push(
      disqusThread({
        id: `t${t}`,
        link: `https://news.example/big/${t}`,
        title: `Big thread ${t}`,
        createdAt: new Date(day + t * 1000).toISOString(),
      }),
    );
  }
  writeFileSync(file, parts.join(''));
  for (let from = 1; from <= comments; from += 10_000) {
    const chunk: string[] = [];
    for (let i = from; i < Math.min(from + 10_000, comments + 1); i++) {
      const thread = Math.ceil(i / perThread);
      const parent = i % 5 === 0 && (i - 1) % perThread !== 0 ? `p${i - 1}` : undefined;
      chunk.push(
        disqusPost({
          id: `p${i}`,
          thread: `t${thread}`,
          parent,
          message: `<p>Comment <b>${i}</b> with a <a href="https://example.com/${i}">link</a>.</p>`,
          createdAt: new Date(day + 86_400_000 + i * 1000).toISOString(),
          author: `Reader ${i % 300}`,
          username: `reader${i % 300}`,
        }),
      );
    }
    writeFileSync(file, chunk.join(''), { flag: 'a' });
  }
  writeFileSync(file, DISQUS_TAIL, { flag: 'a' });
}
