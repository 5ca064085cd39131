/** What the notification tests share: posting replies, reading an inbox, and waiting for the live event. */
import request from 'supertest';
import type { NotificationNews } from '../../shared/events';
import type { Notification } from '../../shared/types';
import { bearer } from '../api/harness';
import { nextEvent, type RealtimeHarness } from '../realtime/harness';

export interface Inbox {
  items: Notification[];
  nextCursor: string | null;
  unread: number;
}

/** Posts a comment (a reply when `parentId` is given); answers its id. */
export async function post(
  h: RealtimeHarness,
  token: string,
  articleId: string,
  body: string,
  parentId?: string,
): Promise<string> {
  const res = await request(h.http)
    .post(`/api/articles/${articleId}/comments`)
    .set(bearer(token))
    .send({ body, ...(parentId ? { parentId } : {}) });
  expect(res.status).toBe(201);
  return res.body.comment.id as string;
}

export async function inbox(h: RealtimeHarness, token: string, query = ''): Promise<Inbox> {
  const res = await request(h.http).get(`/api/notifications${query}`).set(bearer(token));
  expect(res.status).toBe(200);
  return res.body as Inbox;
}

export function markRead(h: RealtimeHarness, token: string, body: object) {
  return request(h.http).post('/api/notifications/read').set(bearer(token)).send(body);
}

/**
 * Does `act` and answers the `notification` event that the socket of `token` hears for it. Notifications
 * of one comment or decision are all stored before any is published, so once this resolves the store
 * holds every one that act made: what others did not get, they will not get.
 */
export async function heardAfter(
  h: RealtimeHarness,
  token: string,
  act: () => Promise<unknown>,
): Promise<NotificationNews> {
  const socket = await h.connect({ auth: { token } });
  const heard = nextEvent(socket, 'notification');
  await act();
  const news = await heard;
  socket.disconnect();
  return news;
}
