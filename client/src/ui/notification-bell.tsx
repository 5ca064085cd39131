// The bell in the header: the unread count (announced to screen readers as it changes) and, when opened,
// the latest notifications, each linking to its comment in the thread, to mark read one by one or all.
import { useEffect, useState } from 'preact/hooks';
import type { Notification } from '../../../shared/types';
import { describeError } from '../lib/api';
import { markRead, notifications, startNotifications } from '../lib/notifications';
import { useStore } from '../lib/store';
import { threadHref } from '../lib/thread-href';
import { absoluteTime, relativeTime, useNow } from '../lib/time';

const unreadText = (n: number) =>
  n === 0 ? 'No unread notifications' : `${n} unread notification${n === 1 ? '' : 's'}`;

export function NotificationBell() {
  const { items, unread } = useStore(notifications);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState('');
  useEffect(startNotifications, []);
  const mark = (which: { ids: string[] } | { all: true }) =>
    markRead(which).then(
      () => setError(''),
      (err: unknown) => setError(describeError(err)),
    );
  return (
    <div class="notifications" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button
        type="button"
        class={`bell secondary${unread > 0 ? ' lit' : ''}`}
        aria-label={`Notifications: ${unreadText(unread)}`}
        aria-expanded={open}
        aria-controls="notifications-panel"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">🔔</span>
        {unread > 0 && (
          <span class="badge" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <span class="sr-only" role="status">
        {unreadText(unread)}
      </span>
      {open && (
        <div id="notifications-panel" class="notifications-panel" role="region" aria-label="Notifications">
          <div class="notifications-head">
            <strong>Notifications</strong>
            {unread > 0 && (
              <button type="button" class="link" onClick={() => void mark({ all: true })}>
                Mark all as read
              </button>
            )}
          </div>
          {error && (
            <p class="form-error" role="alert">
              {error}
            </p>
          )}
          {items.length === 0 ? (
            <p class="muted">Nothing yet.</p>
          ) : (
            <ul class="notifications-list">
              {items.map((n) => (
                <NotificationItem key={n.id} n={n} onRead={() => void mark({ ids: [n.id] })} />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function NotificationItem({ n, onRead }: { n: Notification; onRead: () => void }) {
  const now = useNow();
  return (
    <li class={n.read ? 'read' : 'unread'}>
      <p>
        {!n.read && <span class="sr-only">Unread: </span>}
        {n.message}
      </p>
      {n.comment.excerpt && <p class="excerpt">“{n.comment.excerpt}”</p>}
      <p class="meta">
        <a href={threadHref(n.comment)} onClick={() => !n.read && onRead()}>
          {n.comment.article.title ? `On ${n.comment.article.title}` : 'See the comment'}
        </a>{' '}
        ·{' '}
        <time dateTime={n.at} title={absoluteTime(n.at)}>
          {relativeTime(n.at, now)}
        </time>
        {!n.read && (
          <>
            {' '}
            ·{' '}
            <button type="button" class="link" onClick={onRead}>
              Mark read
            </button>
          </>
        )}
      </p>
    </li>
  );
}
