// A user's record for moderators, opened from a comment in the queue or in the thread: their comments of
// every status, the reports they made and received, the actions about them (newest first, paged), and
// the tools that act on the person: suspend / unsuspend, and holding all their comments for review.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { UserRef } from '../../../shared/types';
import { describeError } from '../lib/api';
import { absoluteTime } from '../lib/time';
import { MoreButton } from '../ui/more-button';
import { NameAndHandle } from '../ui/user-name';
import type { HistoryEntry, HistoryUser } from './history-entries';
import { queueApi } from './queue-api';
import { SuspendControls } from './suspend-controls';
import './moderation.css';

export function UserHistory({ user, onClose }: { user: UserRef; onClose(): void }) {
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [about, setAbout] = useState<HistoryUser | undefined>();
  const [error, setError] = useState('');
  const [loaded, setLoaded] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = `history-${user.id}`;

  // Rejects on failure: the first page's error shows above the list, a later page's beside its button.
  const load = (cursor?: string) =>
    queueApi.history(user.id, cursor).then((page) => {
      setEntries((old) => (cursor ? [...old, ...page.items] : page.items));
      setNext(page.nextCursor);
      setAbout(page.user);
      setLoaded(true);
    });

  useEffect(() => {
    headingRef.current?.focus();
    load().catch((err: unknown) => setError(describeError(err)));
  }, [user.id]);

  return (
    <section class="user-history" aria-labelledby={headingId}>
      <div class="history-head">
        <h4 id={headingId} ref={headingRef} tabIndex={-1}>
          History of <NameAndHandle user={user} />
        </h4>
        <button type="button" class="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      <SuspendControls user={user} about={about} onChange={(u) => setAbout((old) => ({ ...old, ...u }))} />
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {loaded && entries.length === 0 && <p class="muted">Nothing yet.</p>}
      <ol class="history-list">
        {entries.map((entry, i) => (
          <li key={`${entry.kind}-${entry.at}-${i}`} class={`history-${entry.kind}`}>
            <time dateTime={entry.at}>{entry.at && absoluteTime(entry.at)}</time> <EntryText entry={entry} />
          </li>
        ))}
      </ol>
      {next && <MoreButton label="Older entries" load={() => load(next)} />}
    </section>
  );
}

function EntryText({ entry }: { entry: HistoryEntry }) {
  switch (entry.kind) {
    case 'comment':
      return (
        <>
          <span class="badge">comment, {entry.comment.status}</span>{' '}
          <span class="excerpt">{entry.comment.body.slice(0, 200)}</span>
        </>
      );
    case 'report-made':
    case 'report-received':
      return (
        <>
          <span class="badge">{entry.kind === 'report-made' ? 'reported a comment' : 'was reported'}</span>{' '}
          {entry.kind === 'report-received' && (
            <>
              by <bdi>{entry.report.by.displayName}</bdi>:{' '}
            </>
          )}
          <bdi>{entry.report.reason}</bdi> ({entry.report.status})
        </>
      );
    case 'action':
      return (
        <>
          <span class="badge">{entry.action.action}</span> by <bdi>{entry.action.actor.displayName}</bdi>
          {entry.action.reason && <>: {entry.action.reason}</>}
        </>
      );
  }
}
