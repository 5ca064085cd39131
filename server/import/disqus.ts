import { createHash } from 'node:crypto';
import type { RecordSpec, XmlRecord } from './xml-records';
import type { ImportedAuthor, StagedRow } from './types';
import { normalizeArticleUrl } from '../articles/article-url';

// A Disqus export: <disqus> holds <category>, then every <thread>, then every <post>.
const KEPT: Record<string, Set<string>> = {
  thread: new Set(['@dsq:id', 'id', 'link', 'title', 'createdAt', 'isClosed', 'isDeleted']),
  post: new Set([
    '@dsq:id',
    'message',
    'createdAt',
    'isDeleted',
    'isSpam',
    'author/name',
    'author/username',
    'author/email',
    'author/isAnonymous',
    'thread@dsq:id',
    'parent@dsq:id',
  ]),
};

export const disqusSpec: RecordSpec = {
  recordAt: (path) => (path === 'disqus/thread' ? 'thread' : path === 'disqus/post' ? 'post' : null),
  keeps: (kind, field) => KEPT[kind]?.has(field) ?? false,
};

/** A host's id of an article, as the contract allows it (embedding, `data-id`). */
const EXTERNAL_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** An id readers never see, from what the export says about a person (the e-mail is only hashed). */
export const guestKey = (prefix: string, name: string, email: string) =>
  `${prefix}:guest:${createHash('sha256').update(`${name}\n${email.toLowerCase()}`).digest('hex').slice(0, 20)}`;

/** `field` must be there: else a problem naming the record and its line. */
function required(r: XmlRecord, field: string, problems: string[]): string {
  const value = r.fields.get(field)?.trim() ?? '';
  if (!value) problems.push(`line ${r.line}: <${r.kind}> has no ${field.replace(/^@/, '')}`);
  return value;
}

// ISO-8601 with a time, as Disqus writes it; without a zone it is taken as UTC.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A date of the export, or a problem naming the field and its text. */
export function parseDate(
  r: XmlRecord,
  field: string,
  problems: string[],
  value = r.fields.get(field)?.trim() ?? '',
): Date {
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const at = ISO_DATE.test(value) ? new Date(zoned) : new Date(NaN);
  if (Number.isNaN(at.getTime())) problems.push(`line ${r.line}: <${r.kind}> has a bad date in ${field}: "${value}"`);
  return at;
}

const yes = (r: XmlRecord, field: string) => r.fields.get(field)?.trim() === 'true';

function author(r: XmlRecord): ImportedAuthor {
  const name = r.fields.get('author/name')?.trim() || 'Guest';
  const username = r.fields.get('author/username')?.trim();
  const anonymous = yes(r, 'author/isAnonymous') || !username;
  return anonymous
    ? { key: guestKey('disqus', name, r.fields.get('author/email')?.trim() ?? ''), name }
    : { key: `disqus:user:${username}`, name, username };
}

/** One Disqus record as a staged row (null for records the import has no use for); faults go to `problems`. */
export function disqusRow(r: XmlRecord, _open: readonly XmlRecord[], problems: string[]): StagedRow | null {
  const id = required(r, '@dsq:id', problems);
  if (r.kind === 'thread') {
    const key = `disqus:thread:${id}`;
    const externalId = r.fields.get('id')?.trim() ?? '';
    const link = r.fields.get('link')?.trim() ?? '';
    return {
      _id: key,
      kind: 'thread',
      key,
      title: r.fields.get('title')?.trim() || link || `Disqus thread ${id}`,
      url: normalizeArticleUrl(link),
      externalId: EXTERNAL_ID.test(externalId) ? externalId : null,
      createdAt: parseDate(r, 'createdAt', problems),
      closed: yes(r, 'isClosed'),
      skip: yes(r, 'isDeleted') ? 'thread deleted in Disqus' : null,
      line: r.line,
    };
  }
  const key = `disqus:${id}`;
  const parent = r.fields.get('parent@dsq:id')?.trim();
  const spam = yes(r, 'isSpam');
  return {
    _id: key,
    kind: 'post',
    key,
    thread: `disqus:thread:${required(r, 'thread@dsq:id', problems)}`,
    parent: parent ? `disqus:${parent}` : null,
    createdAt: parseDate(r, 'createdAt', problems),
    message: r.fields.get('message') ?? '',
    state: spam ? 'skipped' : yes(r, 'isDeleted') ? 'deleted' : 'visible',
    reason: spam ? 'spam' : null,
    author: author(r),
    line: r.line,
  };
}
