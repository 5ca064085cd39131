// `/moderation`: the open reports (remove, dismiss, ban the author) and the moderation log.
import { useEffect, useState } from 'preact/hooks';
import type { PublicComment, UserRef } from '../../../shared/types';
import { api, describeError, query } from '../lib/api';
import { isModerator, session } from '../lib/session';
import { setTitle } from '../lib/site';
import { useStore } from '../lib/store';
import { absoluteTime, relativeTime, useNow } from '../lib/time';
import { AuthPanel } from '../ui/auth-panel';
import { ReasonForm } from '../ui/reason-form';
import { commentActions } from '../thread/moderation-api';
import { NameAndHandle } from '../ui/user-name';

interface ReportItem {
  comment: PublicComment;
  reports: { by: UserRef; reason: string; at: string }[];
  status: 'open' | 'closed';
}

interface LogItem {
  id: string;
  actor: UserRef;
  action: string;
  targetId: string;
  reason: string | null;
  at: string;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function ModerationPage() {
  const { user, ready } = useStore(session);
  useEffect(() => {
    setTitle('Moderation');
  }, []);
  if (!ready) return <p class="muted">Loading…</p>;
  if (!user) return <AuthPanel idPrefix="mod-auth" intro="The moderation pages are for moderators: sign in first." />;
  if (!isModerator(user)) return <p>This page is for moderators.</p>;
  return (
    <>
      <h1>Moderation</h1>
      <Reports />
      <ModerationLog />
    </>
  );
}

/** A list read page by page, newest answers replacing the first page on reload. */
function usePaged<T>(path: (cursor?: string) => string) {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState('');
  const load = (cursor?: string) =>
    api<Page<T>>('GET', path(cursor)).then(
      (page) => {
        setItems((old) => (cursor ? [...old, ...page.items] : page.items));
        setNext(page.nextCursor);
        setError('');
      },
      (err: unknown) => setError(describeError(err)),
    );
  useEffect(() => void load(), []);
  return { items, next, error, reload: () => load(), more: () => next && load(next) };
}

function Reports() {
  const reports = usePaged<ReportItem>(
    (cursor) => `/api/moderation/reports${query({ status: 'open', limit: 20, cursor })}`,
  );
  return (
    <section aria-labelledby="reports-title" class="mod-section">
      <h2 id="reports-title">Open reports</h2>
      {reports.error && (
        <p class="form-error" role="alert">
          {reports.error}
        </p>
      )}
      {reports.items.length === 0 && !reports.error && <p class="muted">No open reports.</p>}
      <ol class="mod-list">
        {reports.items.map((item) => (
          <ReportRow key={item.comment.id} item={item} done={reports.reload} />
        ))}
      </ol>
      {reports.next && (
        <button type="button" class="secondary" onClick={() => void reports.more()}>
          More reports
        </button>
      )}
    </section>
  );
}

function ReportRow({ item, done }: { item: ReportItem; done(): void }) {
  const [banning, setBanning] = useState(false);
  const [error, setError] = useState('');
  const now = useNow();
  const { comment } = item;
  const act = (action: () => Promise<unknown>) => action().then(done, (err: unknown) => setError(describeError(err)));
  return (
    <li class="mod-item">
      <p class="meta">
        <NameAndHandle user={comment.author} /> ·{' '}
        <a href={`/articles/${comment.articleId}?around=${comment.id}`}>
          <time dateTime={comment.createdAt} title={absoluteTime(comment.createdAt)}>
            {relativeTime(comment.createdAt, now)}
          </time>
        </a>{' '}
        · {comment.status}
      </p>
      <div class="body rendered" dangerouslySetInnerHTML={{ __html: comment.html }} />
      <ul class="report-reasons" aria-label="Reports">
        {item.reports.map((r) => (
          <li key={`${r.by.id}-${r.at}`}>
            <bdi>{r.by.displayName}</bdi> (@<bdi>{r.by.username}</bdi>): <bdi>{r.reason}</bdi>
          </li>
        ))}
      </ul>
      <div class="actions">
        {comment.status === 'visible' && (
          <button
            type="button"
            class="danger"
            onClick={() => void act(() => commentActions.remove(comment.id, 'reported'))}
          >
            Remove
          </button>
        )}
        <button
          type="button"
          class="secondary"
          onClick={() => void act(() => commentActions.dismissReports(comment.id))}
        >
          Dismiss
        </button>
        <button type="button" class="secondary" aria-expanded={banning} onClick={() => setBanning(!banning)}>
          Ban author
        </button>
      </div>
      {banning && (
        <ReasonForm
          id={`ban-${comment.id}`}
          label={
            <>
              Reason for banning <bdi>{comment.author.displayName}</bdi>
            </>
          }
          submitLabel="Ban"
          required
          checkbox="Also remove all their comments"
          onSubmit={(reason, removeAll) => commentActions.ban(comment.author.id, reason, removeAll).then(done)}
          onCancel={() => setBanning(false)}
        />
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

function ModerationLog() {
  const log = usePaged<LogItem>((cursor) => `/api/moderation/log${query({ limit: 50, cursor })}`);
  const now = useNow();
  return (
    <section aria-labelledby="log-title" class="mod-section">
      <h2 id="log-title">Moderation log</h2>
      {log.error && (
        <p class="form-error" role="alert">
          {log.error}
        </p>
      )}
      <table class="mod-log">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {log.items.map((entry) => (
            <tr key={entry.id}>
              <td>
                <time dateTime={entry.at} title={absoluteTime(entry.at)}>
                  {relativeTime(entry.at, now)}
                </time>
              </td>
              <td>
                <bdi>{entry.actor.displayName}</bdi>
              </td>
              <td>{entry.action}</td>
              <td class="mono">{entry.targetId}</td>
              <td>{entry.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.next && (
        <button type="button" class="secondary" onClick={() => void log.more()}>
          More entries
        </button>
      )}
    </section>
  );
}
