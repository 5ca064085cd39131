// The signed-in reader's notifications: the latest page and the unread count, loaded on sign-in and on
// each (re)connection (what came while the socket was away), and kept live by the `notification` event.
import type { NotificationNews } from '../../../shared/events';
import type { Notification } from '../../../shared/types';
import { api } from './api';
import { session } from './session';
import { socket } from './socket';
import { createStore } from './store';

export interface NotificationsState {
  items: Notification[];
  unread: number;
}

const PAGE = 20;
const EMPTY: NotificationsState = { items: [], unread: 0 };

export const notifications = createStore<NotificationsState>(EMPTY);

export async function loadNotifications(): Promise<void> {
  if (!session.get().user) return notifications.set(EMPTY);
  const page = await api<{ items: Notification[]; unread: number }>('GET', `/api/notifications?limit=${PAGE}`);
  notifications.set({ items: page.items, unread: page.unread });
}

export async function markRead(which: { ids: string[] } | { all: true }): Promise<void> {
  const { unread } = await api<{ unread: number }>('POST', '/api/notifications/read', which);
  const all = 'all' in which;
  const items = notifications.get().items.map((n) => (all || which.ids.includes(n.id) ? { ...n, read: true } : n));
  notifications.set({ items, unread });
}

function heard({ notification, unread }: NotificationNews): void {
  const items = [notification, ...notifications.get().items.filter((n) => n.id !== notification.id)];
  notifications.set({ items: items.slice(0, PAGE), unread });
}

let started = false;

/** Once per page: follows the session and the socket. */
export function startNotifications(): void {
  if (started) return;
  started = true;
  const reload = () => loadNotifications().catch((err: unknown) => console.warn('Could not load notifications', err));
  session.subscribe(reload);
  socket.on('connect', reload);
  socket.on('notification', heard);
  reload();
}
