// The live queue on /moderation: held comments, then reported ones, oldest first, each list paged with
// "load more". One item is current (roving tabindex); the keys of the legend move and decide, and when
// an item leaves (decided here or by another moderator) the focus goes to the one that took its place.
import { Fragment, type JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useStore } from '../lib/store';
import { MoreButton } from '../ui/more-button';
import { useNow } from '../lib/time';
import { queueCounts } from './live-queue';
import { QUEUE_KEYS, queueKeyAction } from './queue-keys';
import { type ItemPanel, queueItemId, QueueItemView } from './queue-item';
import type { QueueKind } from './types';
import { type QueueView, useQueue } from './use-queue';
import './moderation.css';

const TITLES: Record<QueueKind, string> = { pending: 'Held for review', reported: 'Reported' };

export function LiveQueueSection() {
  const queue = useQueue();
  const counts = useStore(queueCounts);
  const now = useNow();
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [panel, setPanel] = useState<{ id: string; which: ItemPanel } | null>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const lastIndex = useRef(0);
  const order = [...queue.lists.pending.items, ...queue.lists.reported.items];
  const index = order.findIndex((i) => i.comment.id === currentId);
  if (index >= 0) lastIndex.current = index;

  // Focused after the render that makes it current (rendered, with tabindex 0); not in an animation frame,
  // which a browser may hold back for a page in the background.
  const focusNext = useRef<string | null>(null);
  const [, rerender] = useState(0);
  const focusItem = (id: string | undefined) => {
    setCurrentId(id ?? null);
    focusNext.current = id ?? null;
    rerender((n) => n + 1);
  };
  useEffect(() => {
    const id = focusNext.current;
    focusNext.current = null;
    if (id) document.getElementById(queueItemId(id))?.focus();
  });

  // The current item left: the one now in its place (or the last) becomes current, keeping the focus in
  // the queue when it was there, so a keyboard user carries on where they were.
  useEffect(() => {
    if (index >= 0 || currentId === null) return;
    const next = order[Math.min(lastIndex.current, order.length - 1)];
    const active = document.activeElement;
    const focusWasHere = !active || active === document.body || !!sectionRef.current?.contains(active);
    if (!focusWasHere) return setCurrentId(next?.comment.id ?? null);
    if (next) focusItem(next.comment.id);
    else {
      setCurrentId(null);
      sectionRef.current?.querySelector('h2')?.focus();
    }
  }, [index, order.length, currentId]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const inQueue = !!sectionRef.current?.contains(event.target as Node);
      const action = queueKeyAction(event, panel !== null, inQueue);
      if (!action) return;
      event.preventDefault();
      if (action === 'close') {
        const id = panel?.id;
        setPanel(null);
        return focusItem(id);
      }
      if (action === 'next' || action === 'previous') {
        const step = action === 'next' ? 1 : -1;
        const from = index < 0 ? (step > 0 ? -1 : order.length) : index;
        const target = order[Math.max(0, Math.min(order.length - 1, from + step))];
        return focusItem(target?.comment.id);
      }
      // The item the focus is in, as the reader sees it; the current one when the focus is elsewhere.
      const focusedItem = (event.target as HTMLElement | null)?.closest?.('.mod-item');
      const item = focusedItem ? order.find((i) => queueItemId(i.comment.id) === focusedItem.id) : order[index];
      if (!item) return;
      // The shortcut presses the item's own button, so a key does exactly what a click does.
      const button = document
        .getElementById(queueItemId(item.comment.id))
        ?.querySelector<HTMLButtonElement>(`.actions button[aria-keyshortcuts="${action}"]`);
      button?.click();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  return (
    <section aria-labelledby="queue-title" class="mod-section" ref={sectionRef}>
      <h2 id="queue-title" tabIndex={-1}>
        Queue
      </h2>
      <KeyLegend />
      <p class="sr-only" aria-live="polite" aria-atomic="true">
        {queue.notice}
      </p>
      {queue.notice && (
        <p class="notice" aria-hidden="true">
          {queue.notice}
        </p>
      )}
      {(['pending', 'reported'] as const).map((kind) => (
        <KindList
          key={kind}
          kind={kind}
          count={counts?.[kind]}
          queue={queue}
          render={(item) => (
            <QueueItemView
              key={item.comment.id}
              item={item}
              now={now}
              current={item.comment.id === (index >= 0 ? currentId : order[0]?.comment.id)}
              panel={panel?.id === item.comment.id ? panel.which : null}
              setPanel={(which) => {
                setPanel(which ? { id: item.comment.id, which } : null);
                if (!which) focusItem(item.comment.id);
              }}
              decide={queue.decide}
              onFocus={() => setCurrentId(item.comment.id)}
            />
          )}
        />
      ))}
    </section>
  );
}

interface KindListProps {
  kind: QueueKind;
  count: number | undefined;
  queue: QueueView;
  render(item: QueueView['lists'][QueueKind]['items'][number]): JSX.Element;
}

function KindList({ kind, count, queue, render }: KindListProps) {
  const list = queue.lists[kind];
  return (
    <div class="queue-list">
      <h3 id={`queue-${kind}`}>
        {TITLES[kind]}
        {count !== undefined && <span class="count"> ({count})</span>}
      </h3>
      {list.error && (
        <p class="form-error" role="alert">
          {list.error}
        </p>
      )}
      {list.loaded && list.items.length === 0 && !list.error && (
        <p class="muted">{kind === 'pending' ? 'No comments wait for review.' : 'No open reports.'}</p>
      )}
      <ol class="mod-list" aria-labelledby={`queue-${kind}`}>
        {list.items.map(render)}
      </ol>
      {list.next && <MoreButton label="Load more" load={() => queue.more(kind)} />}
    </div>
  );
}

function KeyLegend() {
  return (
    <details class="key-legend" open>
      <summary>Keys</summary>
      <dl>
        {QUEUE_KEYS.map(({ keys, what }) => (
          <div key={what}>
            <dt>
              {keys.map((k, i) => (
                <Fragment key={k}>
                  {i > 0 && ' / '}
                  <kbd>{k}</kbd>
                </Fragment>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
