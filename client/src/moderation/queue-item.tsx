// One item of the live queue: who wrote it and where, the server's sanitized html, the reports, and the
// decisions as real buttons (the keys of queue-keys.ts press the same ones). Reject asks for an optional
// reason; History opens the author's record under the item.
import { useState } from 'preact/hooks';
import { describeError } from '../lib/api';
import { absoluteTime, relativeTime } from '../lib/time';
import { ReasonForm } from '../ui/reason-form';
import { NameAndHandle } from '../ui/user-name';
import type { QueueView } from './use-queue';
import type { DecidedAction, QueueItem } from './types';
import { UserHistory } from './user-history';

export type ItemPanel = 'reject' | 'history' | null;

interface Props {
  item: QueueItem;
  current: boolean;
  now: number;
  panel: ItemPanel;
  setPanel(panel: ItemPanel): void;
  decide: QueueView['decide'];
  onFocus(): void;
}

export const queueItemId = (commentId: string) => `q-${commentId}`;

export function QueueItemView({ item, current, now, panel, setPanel, decide, onFocus }: Props) {
  const [error, setError] = useState('');
  const { comment } = item;
  const held = item.kind === 'pending';
  const run = (action: DecidedAction) => () =>
    void decide(item, action).catch((err: unknown) => setError(describeError(err)));
  const toggle = (which: ItemPanel) => () => setPanel(panel === which ? null : which);
  const by = comment.author.displayName;
  return (
    <li
      id={queueItemId(comment.id)}
      class={current ? 'mod-item is-current' : 'mod-item'}
      tabIndex={current ? 0 : -1}
      aria-label={`${held ? 'Held comment' : 'Reported comment'} by ${by}`}
      onFocus={(e) => e.target === e.currentTarget && onFocus()}
    >
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
      {item.reports && item.reports.length > 0 && (
        <ul class="report-reasons" aria-label="Reports">
          {item.reports.map((r) => (
            <li key={`${r.by.id}-${r.at}`}>
              <bdi>{r.by.displayName}</bdi> (@<bdi>{r.by.username}</bdi>): <bdi>{r.reason}</bdi>
            </li>
          ))}
        </ul>
      )}
      <div class="actions" role="group" aria-label={`Decisions on the comment by ${by}`}>
        {held ? (
          <>
            <button type="button" onClick={run('approve')} aria-keyshortcuts="a">
              Approve
            </button>
            <button
              type="button"
              class="danger"
              aria-expanded={panel === 'reject'}
              onClick={toggle('reject')}
              aria-keyshortcuts="r"
            >
              Reject…
            </button>
          </>
        ) : (
          <>
            {comment.status === 'visible' && (
              <button type="button" class="danger" onClick={run('remove')} aria-keyshortcuts="x">
                Remove
              </button>
            )}
            <button type="button" class="secondary" onClick={run('dismiss')} aria-keyshortcuts="d">
              Dismiss
            </button>
          </>
        )}
        <button
          type="button"
          class="secondary"
          aria-expanded={panel === 'history'}
          onClick={toggle('history')}
          aria-keyshortcuts="h"
        >
          History of <bdi>{by}</bdi>
        </button>
      </div>
      {panel === 'reject' && (
        <ReasonForm
          id={`reject-${comment.id}`}
          label={
            <>
              Reason for rejecting the comment by <bdi>{by}</bdi> (optional)
            </>
          }
          submitLabel="Reject"
          onSubmit={(reason) => decide(item, 'reject', reason)}
          onCancel={() => setPanel(null)}
        />
      )}
      {panel === 'history' && <UserHistory user={comment.author} onClose={() => setPanel(null)} />}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
