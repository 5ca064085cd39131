import { guestKey, parseDate } from './disqus';
import type { RecordSpec, XmlRecord } from './xml-records';
import type { ImportedAuthor, StagedRow } from './types';
import { normalizeArticleUrl } from '../articles/article-url';

// A WordPress WXR 1.x export: rss/channel holds the site's fields and its <item>s (posts, pages,
// attachments), each with its <wp:comment>s nested inside.
const KEPT: Record<string, Set<string>> = {
  channel: new Set(['link', 'wp:base_site_url']),
  item: new Set(['title', 'link', 'wp:post_id', 'wp:post_date_gmt', 'wp:status', 'wp:comment_status']),
  comment: new Set([
    'wp:comment_id',
    'wp:comment_author',
    'wp:comment_author_email',
    'wp:comment_date_gmt',
    'wp:comment_date',
    'wp:comment_content',
    'wp:comment_approved',
    'wp:comment_type',
    'wp:comment_parent',
    'wp:comment_user_id',
  ]),
};

/** The channel is a record too, so that its link (the site) is known when the first item arrives. */
export const wordpressSpec: RecordSpec = {
  recordAt: (path) =>
    path === 'rss/channel'
      ? 'channel'
      : path === 'rss/channel/item'
        ? 'item'
        : path === 'rss/channel/item/wp:comment'
          ? 'comment'
          : null,
  keeps: (kind, field) => KEPT[kind]?.has(field) ?? false,
};

/** The site's name in keys: its host and path, e.g. `blog.example/news`. */
export function siteOf(channel: XmlRecord | undefined): string {
  const link = channel?.fields.get('wp:base_site_url')?.trim() || channel?.fields.get('link')?.trim() || '';
  const url = normalizeArticleUrl(link);
  return url ? url.replace(/^https?:\/\//, '').replace(/\/$/, '') : 'site';
}

/** WordPress writes GMT dates as `2020-01-02 10:00:00`, and `0000-00-00 00:00:00` for none. */
function wpDate(r: XmlRecord, field: string, fallback: string, problems: string[]): Date {
  const pick = (f: string) => r.fields.get(f)?.trim().replace(' ', 'T') ?? '';
  const value = pick(field).startsWith('0000') || !pick(field) ? pick(fallback) : pick(field);
  return parseDate(r, field, problems, value);
}

function publishedAt(r: XmlRecord): Date | null {
  const at = wpDate(r, 'wp:post_date_gmt', 'wp:post_date_gmt', []);
  return Number.isNaN(at.getTime()) ? null : at;
}

function author(r: XmlRecord, site: string): ImportedAuthor {
  const name = r.fields.get('wp:comment_author')?.trim() || 'Anonymous';
  const userId = r.fields.get('wp:comment_user_id')?.trim() ?? '0';
  if (/^[1-9]\d*$/.test(userId)) return { key: `wordpress:${site}:user:${userId}`, name };
  return { key: guestKey(`wordpress:${site}`, name, r.fields.get('wp:comment_author_email')?.trim() ?? ''), name };
}

/** Approval states of WordPress: 1 shown, 0 waiting for moderation, spam, trash. */
function state(r: XmlRecord): Pick<Extract<StagedRow, { kind: 'post' }>, 'state' | 'reason'> {
  const type = r.fields.get('wp:comment_type')?.trim() ?? '';
  if (type === 'pingback' || type === 'trackback') return { state: 'skipped', reason: type };
  const approved = r.fields.get('wp:comment_approved')?.trim() ?? '1';
  if (approved === 'spam') return { state: 'skipped', reason: 'spam' };
  if (approved === 'trash') return { state: 'removed', reason: 'in the trash in WordPress' };
  if (approved === '0') return { state: 'removed', reason: 'not approved in WordPress' };
  return { state: 'visible', reason: null };
}

/**
 * One WXR record as a staged row: an item when it ends (its comments were staged before, keyed by its
 * post id), a comment as soon as it ends. WXR writes an item's wp:post_id before its comments.
 */
export function wordpressRow(r: XmlRecord, open: readonly XmlRecord[], problems: string[]): StagedRow | null {
  const site = siteOf(open[0]);
  const outer = open[open.length - 1];
  if (r.kind === 'item') {
    const postId = r.fields.get('wp:post_id')?.trim() ?? '';
    if (!postId) return null; // not a post of WordPress (a feed item without an id): nothing to hang comments on
    const key = `wordpress:${site}:post:${postId}`;
    const link = r.fields.get('link')?.trim() ?? '';
    return {
      _id: key,
      kind: 'thread',
      key,
      title: r.fields.get('title')?.trim() || link || `WordPress post ${postId}`,
      url: normalizeArticleUrl(link),
      externalId: null,
      // A draft's date is 0000-00-00: then the article takes its first comment's date (build-thread.ts).
      createdAt: publishedAt(r),
      closed: r.fields.get('wp:comment_status')?.trim() === 'closed',
      skip: null,
      line: r.line,
    };
  }
  if (r.kind !== 'comment') return null;
  const postId = outer?.fields.get('wp:post_id')?.trim();
  const id = r.fields.get('wp:comment_id')?.trim();
  if (!postId || !id) {
    problems.push(`line ${r.line}: <wp:comment> has no ${id ? 'wp:post_id in its <item> before it' : 'wp:comment_id'}`);
    return null;
  }
  const parent = r.fields.get('wp:comment_parent')?.trim() ?? '0';
  const key = `wordpress:${site}:${id}`;
  return {
    _id: key,
    kind: 'post',
    key,
    thread: `wordpress:${site}:post:${postId}`,
    parent: parent && parent !== '0' ? `wordpress:${site}:${parent}` : null,
    createdAt: wpDate(r, 'wp:comment_date_gmt', 'wp:comment_date', problems),
    message: r.fields.get('wp:comment_content') ?? '',
    ...state(r),
    author: author(r, site),
    line: r.line,
  };
}
