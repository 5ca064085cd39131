// `/moderation`: the live queue (held and reported comments), the site's pre-moderation settings for
// admins, and the moderation log.
import { useEffect, useState } from 'preact/hooks';
import { api, describeError, query } from '../lib/api';
import { isModerator, session } from '../lib/session';
import { setTitle } from '../lib/site';
import { useStore } from '../lib/store';
import { absoluteTime, relativeTime, useNow } from '../lib/time';
import { AuthPanel } from '../ui/auth-panel';
import { LiveQueueSection } from '../moderation/live-queue-section';
import { SettingsForm } from '../moderation/settings-form';
import type { LoggedAction } from '../moderation/history-entries';

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
      <LiveQueueSection />
      {user.role === 'admin' && <SettingsForm />}
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

function ModerationLog() {
  const log = usePaged<LoggedAction>((cursor) => `/api/moderation/log${query({ limit: 50, cursor })}`);
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
