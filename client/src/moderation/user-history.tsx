// A user's record for moderators, opened from a comment in the queue or in the thread: their comments of
// every status, the reports they made and received, the actions about them (newest first, paged), and
// the tools that act on the person: suspend / unsuspend, and holding all their comments for review.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { UserRef } from '../../../shared/types';
import { describeError } from '../lib/api';
import { absoluteTime } from '../lib/time';
import { NameAndHandle } from '../ui/user-name';
import { type HistoryEntry, type HistoryUser, readHistory } from './history-entries';
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

  const load = (cursor?: string) =>
    queueApi.history(user.id, cursor).then(
      (answer) => {
        const page = readHistory(answer);
        setEntries((old) => (cursor ? [...old, ...page.entries] : page.entries));
        setNext(page.nextCursor);
        if (page.user) setAbout(page.user);
        setLoaded(true);
      },
      (err: unknown) => setError(describeError(err)),
    );

  useEffect(() => {
    headingRef.current?.focus();
    void load();
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
      <SuspendControls user={user} about={about} onChange={setAbout} />
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
      {next && (
        <button type="button" class="secondary" onClick={() => void load(next)}>
          Older entries
        </button>
      )}
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
          {entry.by && entry.kind === 'report-received' && (
            <>
              by <bdi>{entry.by.displayName}</bdi>:{' '}
            </>
          )}
          <bdi>{entry.reason}</bdi>
          {entry.comment && <span class="excerpt"> — {entry.comment.body.slice(0, 120)}</span>}
        </>
      );
    case 'action':
      return (
        <>
          <span class="badge">{entry.action}</span>
          {entry.actor && (
            <>
              {' '}
              by <bdi>{entry.actor.displayName}</bdi>
            </>
          )}
          {entry.reason && <>: {entry.reason}</>}
        </>
      );
  }
}
