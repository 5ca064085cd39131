// The queue's keys, one table for the handler and the legend. Letters act on the current item by
// pressing its button; keys typed into a field (a reject reason, a form) stay that field's.
export type QueueKeyAction = 'next' | 'previous' | 'close' | 'a' | 'r' | 'x' | 'd' | 'h';

export const QUEUE_KEYS: { keys: string[]; what: string }[] = [
  { keys: ['j', 'n', '↓'], what: 'next item' },
  { keys: ['k', '↑'], what: 'previous item' },
  { keys: ['a'], what: 'approve' },
  { keys: ['r'], what: 'reject (with an optional reason)' },
  { keys: ['x'], what: 'remove a reported comment' },
  { keys: ['d'], what: 'dismiss its reports' },
  { keys: ['h'], what: "the author's history" },
  { keys: ['Esc'], what: 'close the open form' },
];

const BY_KEY: Record<string, QueueKeyAction> = {
  j: 'next',
  n: 'next',
  ArrowDown: 'next',
  k: 'previous',
  ArrowUp: 'previous',
  a: 'a',
  r: 'r',
  x: 'x',
  d: 'd',
  h: 'h',
};

/**
 * What a key press means to the queue, if anything. Arrows move only while the focus is in the queue
 * (elsewhere they scroll the page as usual).
 */
export function queueKeyAction(event: KeyboardEvent, panelOpen: boolean, inQueue: boolean): QueueKeyAction | undefined {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return undefined;
  if (event.key === 'Escape') return panelOpen ? 'close' : undefined;
  const target = event.target as HTMLElement | null;
  if (target?.closest('input, textarea, select, [contenteditable], form')) return undefined;
  if (event.key.startsWith('Arrow') && !inQueue) return undefined;
  return BY_KEY[event.key];
}
